// PLANTED: data-race TotalWords (wordcount.cpp:51, wordcount.cpp:51)
//
// Workload: word frequency count into one std::map behind one std::mutex.
// Shape: lock-heavy; every word is one lock/unlock of a contended mutex and a
// map update. The text is generated from a fixed vocabulary by a linear
// congruential generator with a fixed seed, so the counts are the same in
// every run; the checksum over the map is printed.
//
// Usage: wordcount [WORDS=3000000] [THREADS=2]
// Planted race (-DRAVEL_PLANT_RACE): a running word total updated outside the
// lock (the PLANTED line above).
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

static const char *const Vocabulary[] = {
    "order",   "invoice", "customer", "payment", "refund",  "account",
    "balance", "ledger",  "audit",    "ship",    "deliver", "return",
    "stock",   "price",   "discount", "tax",     "receipt", "cart",
    "session", "login",   "logout",   "search",  "filter",  "report"};
static const unsigned VocabularySize =
    sizeof(Vocabulary) / sizeof(Vocabulary[0]);

static std::map<std::string, long> Counts;
static std::mutex CountsMu;
#ifdef RAVEL_PLANT_RACE
static long TotalWords = 0;
#endif

static std::string wordAt(size_t Index) {
  unsigned long H = (Index + 1) * 0x9E3779B97F4A7C15ul;
  H ^= H >> 29;
  std::string Word = Vocabulary[H % VocabularySize];
  if ((H >> 17) % 5 == 0)
    Word += "s"; // plurals make the map bigger than the vocabulary
  return Word;
}

static void countWords(size_t Begin, size_t End) {
  for (size_t I = Begin; I < End; ++I) {
    std::string Word = wordAt(I);
    {
      std::lock_guard<std::mutex> Guard(CountsMu);
      ++Counts[Word];
    }
#ifdef RAVEL_PLANT_RACE
    TotalWords++;
#endif
  }
}

int main(int argc, char **argv) {
  size_t Words = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 3000000;
  int Threads = argc > 2 ? std::atoi(argv[2]) : 2;
  std::vector<std::thread> Workers;
  for (int T = 0; T < Threads; ++T)
    Workers.emplace_back(countWords, Words * T / Threads,
                         Words * (T + 1) / Threads);
  for (std::thread &W : Workers)
    W.join();
  unsigned long Checksum = 0;
  for (const auto &[Word, Count] : Counts)
    for (char Ch : Word)
      Checksum = Checksum * 31 + static_cast<unsigned long>(Ch) * Count;
  std::printf("wordcount words=%zu distinct=%zu checksum=%lu\n", Words,
              Counts.size(), Checksum);
  return 0;
}

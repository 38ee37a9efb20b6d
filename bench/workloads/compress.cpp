// PLANTED: data-race TotalBits (compress.cpp:244, compress.cpp:244)
//
// Workload: the inner loops of a deflate-style compressor. Each thread takes
// blocks of a generated input from a shared counter (under a mutex), parses
// each block greedily with an LZ77 longest-match search over a hash chain
// (32 KiB window, 3-byte hash, chains cut at MAX_CHAIN), counts literal/
// length and distance symbol frequencies as deflate does, builds Huffman
// code lengths from them and adds the block's coded size and counts to the
// totals under a mutex. Shape: compute-heavy; nearly all the time is array
// reads in tight loops (the match search compares the window byte by byte
// and walks the chain), few synchronisation operations. The input is a
// fixed pseudo-random text with repeats (compressible), and every block is
// compressed on its own, so the printed totals do not depend on the schedule.
//
// Usage: compress [BLOCKS=48] [THREADS=2] [MAX_CHAIN=256] [BLOCK_KIB=128]
// Planted race (-DRAVEL_PLANT_RACE): each thread adds its blocks' coded size
// to the total after its last lock, outside it (the PLANTED line above).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace {

constexpr unsigned WindowSize = 32 * 1024;
constexpr unsigned HashBits = 15;
constexpr unsigned MinMatch = 3, MaxMatch = 258;
constexpr unsigned NumLitLen = 286, NumDist = 30;

/// A text of words from a small vocabulary, with runs copied from up to a
/// few KiB back: compressible, as real text is. The same for every run.
std::vector<unsigned char> makeInput(size_t Size) {
  static const char *const Words[] = {
      "the ",     "of ",     "and ",    "a ",      "to ",     "in ",
      "is ",      "you ",    "that ",   "it ",     "he ",     "was ",
      "for ",     "on ",     "are ",    "as ",     "with ",   "his ",
      "they ",    "at ",     "be ",     "this ",   "have ",   "from ",
      "packet ",  "buffer ", "window ", "match ",  "length ", "distance ",
      "huffman ", "block ",  "stream ", "header ", "\n",      ", "};
  constexpr unsigned NumWords = sizeof(Words) / sizeof(Words[0]);
  std::vector<unsigned char> Out;
  Out.reserve(Size);
  uint64_t Rng = 0x2545F4914F6CDD1Dull;
  auto Next = [&Rng] {
    Rng ^= Rng << 13;
    Rng ^= Rng >> 7;
    Rng ^= Rng << 17;
    return Rng;
  };
  while (Out.size() < Size) {
    uint64_t R = Next();
    if (R % 8 == 0 && Out.size() > 4096) {
      size_t Len = 8 + R / 4 % 56, From = Out.size() - 1 - R / 256 % 4000;
      for (size_t I = 0; I < Len && Out.size() < Size; ++I)
        Out.push_back(Out[From + I]);
    } else if (R % 16 < 6) {
      Out.push_back(static_cast<unsigned char>('A' + R / 16 % 26));
    } else {
      for (const char *P = Words[R / 4 % NumWords]; *P && Out.size() < Size;
           ++P)
        Out.push_back(static_cast<unsigned char>(*P));
    }
  }
  return Out;
}

/// Deflate's length and distance symbols (without the extra bits' values).
unsigned lengthSymbol(unsigned Len) {
  static const unsigned short Base[] = {
      3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
      31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
  unsigned S = 0;
  while (S + 1 < 29 && Base[S + 1] <= Len)
    ++S;
  return 257 + S;
}
unsigned distSymbol(unsigned Dist) {
  unsigned S = 0, Base = 1;
  while (S + 1 < NumDist) {
    unsigned Next = Base + (1u << ((S < 2 ? 0 : S / 2 - 1)));
    if (Next > Dist)
      break;
    Base = Next;
    ++S;
  }
  return S;
}

/// Huffman code lengths of Freq (N symbols), by repeatedly merging the two
/// lightest trees; returns the coded size in bits.
uint64_t huffmanBits(const uint32_t *Freq, unsigned N) {
  std::vector<uint64_t> Weight;
  std::vector<int> Parent;
  std::vector<unsigned> Live;
  for (unsigned I = 0; I < N; ++I)
    if (Freq[I]) {
      Live.push_back(static_cast<unsigned>(Weight.size()));
      Weight.push_back(Freq[I]);
      Parent.push_back(-1);
    }
  unsigned Leaves = static_cast<unsigned>(Weight.size());
  if (Leaves < 2)
    return Leaves ? Weight[0] : 0;
  while (Live.size() > 1) {
    // Two lightest (ties by index), found by scanning: N is small.
    auto Lighter = [&Weight](unsigned A, unsigned B) {
      return Weight[A] != Weight[B] ? Weight[A] < Weight[B] : A < B;
    };
    std::partial_sort(Live.begin(), Live.begin() + 2, Live.end(), Lighter);
    unsigned A = Live[0], B = Live[1];
    unsigned New = static_cast<unsigned>(Weight.size());
    Weight.push_back(Weight[A] + Weight[B]);
    Parent.push_back(-1);
    Parent[A] = Parent[B] = static_cast<int>(New);
    Live[0] = New;
    Live.erase(Live.begin() + 1);
  }
  uint64_t Bits = 0;
  for (unsigned I = 0; I < Leaves; ++I) {
    unsigned Depth = 0;
    for (int P = Parent[I]; P >= 0; P = Parent[P])
      ++Depth;
    Bits += Weight[I] * Depth;
  }
  return Bits;
}

struct BlockResult {
  uint64_t Bits = 0, Matches = 0, MatchedBytes = 0, Literals = 0;
  uint32_t LitLen[NumLitLen] = {}, Dist[NumDist] = {};
};

/// Compresses In[0, Len) on its own (greedy LZ77 + Huffman sizes).
void compressBlock(const unsigned char *In, unsigned Len, unsigned MaxChain,
                   int32_t *Head, int32_t *Prev, BlockResult *R) {
  std::fill(Head, Head + (1u << HashBits), -1);
  auto HashAt = [In](unsigned P) {
    uint32_t V = In[P] | In[P + 1] << 8 | In[P + 2] << 16;
    return (V * 2654435761u) >> (32 - HashBits);
  };
  auto Insert = [&](unsigned P) {
    uint32_t H = HashAt(P);
    Prev[P % WindowSize] = Head[H];
    Head[H] = static_cast<int32_t>(P);
  };
  unsigned P = 0;
  while (P < Len) {
    unsigned BestLen = 0, BestDist = 0;
    if (P + MinMatch <= Len) {
      unsigned Limit = Len - P < MaxMatch ? Len - P : MaxMatch;
      int32_t Cand = Head[HashAt(P)];
      for (unsigned Chain = 0;
           Cand >= 0 && P - Cand <= WindowSize && Chain < MaxChain; ++Chain) {
        unsigned C = static_cast<unsigned>(Cand);
        if (In[C + BestLen] == In[P + BestLen]) {
          unsigned L = 0;
          while (L < Limit && In[C + L] == In[P + L])
            ++L;
          if (L > BestLen) {
            BestLen = L;
            BestDist = P - C;
            if (L == Limit)
              break;
          }
        }
        int32_t Next = Prev[C % WindowSize];
        if (Next >= Cand)
          break; // that slot was overwritten by a newer position
        Cand = Next;
      }
    }
    if (BestLen >= MinMatch) {
      R->LitLen[lengthSymbol(BestLen)]++;
      R->Dist[distSymbol(BestDist)]++;
      R->Matches++;
      R->MatchedBytes += BestLen;
      for (unsigned I = 0; I < BestLen; ++I, ++P)
        if (P + MinMatch <= Len)
          Insert(P);
    } else {
      R->LitLen[In[P]]++;
      R->Literals++;
      if (P + MinMatch <= Len)
        Insert(P);
      ++P;
    }
  }
  R->LitLen[256]++; // end of block
  R->Bits = huffmanBits(R->LitLen, NumLitLen) + huffmanBits(R->Dist, NumDist);
}

struct Shared {
  const std::vector<unsigned char> *Input;
  unsigned Blocks, MaxChain, BlockSize;
  std::mutex Mu; // guards everything below
  unsigned NextBlock = 0;
  uint64_t TotalMatches = 0, TotalMatched = 0, TotalLiterals = 0;
  uint64_t LitLen[NumLitLen] = {}, Dist[NumDist] = {};
  uint64_t BlockSum = 0; // sum of a hash of each block's result
#ifdef RAVEL_PLANT_RACE
  uint64_t TotalBits = 0;
#else
  uint64_t TotalBitsLocked = 0;
#endif
};

void work(Shared *S) {
  std::vector<int32_t> Head(1u << HashBits), Prev(WindowSize);
  BlockResult R;
  uint64_t MyBits = 0; // this thread's blocks' coded size
  for (;;) {
    unsigned B;
    {
      std::lock_guard<std::mutex> Guard(S->Mu);
      if (S->NextBlock == S->Blocks)
        break;
      B = S->NextBlock++;
    }
    R = BlockResult();
    compressBlock(S->Input->data() + size_t(B) * S->BlockSize, S->BlockSize,
                  S->MaxChain, Head.data(), Prev.data(), &R);
    {
      std::lock_guard<std::mutex> Guard(S->Mu);
      S->TotalMatches += R.Matches;
      S->TotalMatched += R.MatchedBytes;
      S->TotalLiterals += R.Literals;
      for (unsigned I = 0; I < NumLitLen; ++I)
        S->LitLen[I] += R.LitLen[I];
      for (unsigned I = 0; I < NumDist; ++I)
        S->Dist[I] += R.Dist[I];
      S->BlockSum += (B + 1) * 0x9E3779B97F4A7C15ull ^ R.Bits * 31 + R.Matches;
#ifndef RAVEL_PLANT_RACE
      S->TotalBitsLocked += R.Bits;
#endif
    }
    MyBits += R.Bits;
  }
  // After the thread's last lock: no synchronisation orders the two
  // threads' updates, whatever the schedule.
#ifdef RAVEL_PLANT_RACE
  S->TotalBits += MyBits;
#else
  (void)MyBits;
#endif
}

} // namespace

int main(int argc, char **argv) {
  unsigned Blocks = argc > 1 ? std::atoi(argv[1]) : 48;
  unsigned Threads = argc > 2 ? std::atoi(argv[2]) : 2;
  unsigned MaxChain = argc > 3 ? std::atoi(argv[3]) : 256;
  if (Blocks < 1 || Threads < 1)
    return 2;
  unsigned BlockKiB = argc > 4 ? std::atoi(argv[4]) : 128;
  if (BlockKiB < 1)
    return 2;
  unsigned BlockSize = BlockKiB * 1024;
  std::vector<unsigned char> Input = makeInput(size_t(Blocks) * BlockSize);
  Shared S;
  S.Input = &Input;
  S.Blocks = Blocks;
  S.MaxChain = MaxChain;
  S.BlockSize = BlockSize;
  std::vector<std::thread> Workers;
  for (unsigned T = 0; T < Threads; ++T)
    Workers.emplace_back(work, &S);
  for (std::thread &W : Workers)
    W.join();
#ifdef RAVEL_PLANT_RACE
  uint64_t Bits = S.TotalBits;
#else
  uint64_t Bits = S.TotalBitsLocked;
#endif
  uint64_t Checksum = S.BlockSum;
  for (uint64_t F : S.LitLen)
    Checksum = Checksum * 31 + F;
  for (uint64_t F : S.Dist)
    Checksum = Checksum * 31 + F;
  std::printf("compress blocks=%u threads=%u in=%zu bits=%lu matches=%lu "
              "matched=%lu literals=%lu checksum=%lu\n",
              Blocks, Threads, Input.size(), static_cast<unsigned long>(Bits),
              static_cast<unsigned long>(S.TotalMatches),
              static_cast<unsigned long>(S.TotalMatched),
              static_cast<unsigned long>(S.TotalLiterals),
              static_cast<unsigned long>(Checksum));
  return 0;
}

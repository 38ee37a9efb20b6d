// PLANTED: data-race BytesWritten (kvstore.cpp:153, kvstore.cpp:153)
//
// Workload: an in-memory key-value store: a hash map in 64 shards, each a
// 32 KiB heap block holding its own pthread mutex and bucket array; entries
// are `new`ed objects with their own std::mutex and a heap value buffer.
// Shape: allocation-heavy. Every put replaces a value of 16 B .. 8 KiB with
// realloc or free + malloc, deletes free entries and their buffers, and
// every REBUILD_EVERY operations a thread rebuilds one whole shard: a new
// block with a new mutex, the entries moved over, the old mutex destroyed
// and the old 32 KiB block freed. Each key belongs to one thread (key %
// THREADS) and its value is a pure function of that thread's operation
// sequence, so the printed checksum does not depend on the schedule, while the
// shards, their locks and the allocator are shared by all threads.
//
// Locking: ShardSlotMu[i] guards the pointer Shards[i]; an operation takes
// it, then the shard's own Mu, and drops the slot lock (hand over hand). A
// rebuild holds the slot lock and waits for the shard's Mu, so no thread can
// still reach the old block when it is freed. An entry's Mu guards its value;
// it is taken under the shard lock, which is then dropped while the value is
// read or replaced.
//
// Usage: kvstore [OPS_PER_THREAD=150000] [THREADS=4] [KEYS_PER_THREAD=4096]
// Planted race (-DRAVEL_PLANT_RACE): a byte counter of all puts updated
// after the entry's lock is dropped (the PLANTED line above).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <pthread.h>
#include <thread>
#include <vector>

namespace {

constexpr unsigned NumShards = 64;
constexpr unsigned BucketsPerShard = 4096 - 8; // the block is 32 KiB
constexpr unsigned RebuildEvery = 256;

struct Entry {
  std::mutex Mu; // guards Value, Len, Version
  uint64_t Key;
  Entry *Next; // bucket chain, guarded by the shard's Mu
  unsigned char *Value;
  size_t Len;
  uint32_t Version;
};

struct Shard {
  pthread_mutex_t Mu; // guards everything below
  uint64_t Generation;
  uint64_t Count;
  Entry *Buckets[BucketsPerShard];
};

Shard *Shards[NumShards];
std::mutex ShardSlotMu[NumShards]; // guards Shards[i]
#ifdef RAVEL_PLANT_RACE
unsigned long BytesWritten = 0;
#endif

uint64_t mix(uint64_t X) {
  X ^= X >> 31;
  X *= 0x9E3779B97F4A7C15ull;
  X ^= X >> 29;
  return X;
}
unsigned shardOf(uint64_t Key) { return mix(Key) % NumShards; }
unsigned bucketOf(uint64_t Key, uint64_t Generation) {
  return mix(Key * 0x2545F4914F6CDD1Dull + Generation) % BucketsPerShard;
}

Shard *newShard(uint64_t Generation) {
  auto *S = static_cast<Shard *>(std::calloc(1, sizeof(Shard)));
  pthread_mutex_init(&S->Mu, nullptr);
  S->Generation = Generation;
  return S;
}

/// Locks the shard of Key (hand over hand from its slot lock).
Shard *lockShard(uint64_t Key) {
  unsigned I = shardOf(Key);
  std::lock_guard<std::mutex> Slot(ShardSlotMu[I]);
  Shard *S = Shards[I];
  pthread_mutex_lock(&S->Mu);
  return S;
}

Entry **findLink(Shard *S, uint64_t Key) {
  Entry **Link = &S->Buckets[bucketOf(Key, S->Generation)];
  while (*Link && (*Link)->Key != Key)
    Link = &(*Link)->Next;
  return Link;
}

/// Value sizes: mostly small, some up to 8 KiB.
size_t sizeFor(uint64_t R) {
  switch (R % 8) {
  case 0:
    return 1024 + R / 8 % 7169; // 1 KiB .. 8 KiB
  case 1:
  case 2:
    return 256 + R / 8 % 769;
  default:
    return 16 + R / 8 % 241;
  }
}

void fill(unsigned char *P, size_t From, size_t To, uint64_t Seed) {
  for (size_t I = From; I < To; ++I)
    P[I] = static_cast<unsigned char>(mix(Seed + I / 8) >> (I % 8 * 8));
}

uint64_t digest(const unsigned char *P, size_t Len) {
  uint64_t H = Len;
  for (size_t I = 0; I < Len; I += 61) // a sample, as a reader would parse
    H = H * 131 + P[I];
  return H + P[Len - 1];
}

/// Replaces (or creates) Key's value. The new size and contents depend only
/// on the key's previous state and R.
void put(uint64_t Key, uint64_t R) {
  Shard *S = lockShard(Key);
  Entry **Link = findLink(S, Key);
  Entry *E = *Link;
  if (!E) {
    E = new Entry();
    E->Key = Key;
    E->Next = nullptr;
    E->Value = nullptr;
    E->Len = 0;
    E->Version = 0;
    *Link = E;
    S->Count++;
  }
  std::lock_guard<std::mutex> Guard(E->Mu);
  pthread_mutex_unlock(&S->Mu);
  size_t Len = sizeFor(R);
  uint64_t Seed = mix(Key + ++E->Version);
  if (E->Value && R % 3 == 0) {
    // Grow or shrink in place, keeping the common prefix.
    E->Value = static_cast<unsigned char *>(std::realloc(E->Value, Len));
    if (Len > E->Len)
      fill(E->Value, E->Len, Len, Seed);
  } else {
    std::free(E->Value);
    E->Value = static_cast<unsigned char *>(std::malloc(Len));
    fill(E->Value, 0, Len, Seed);
  }
  E->Len = Len;
#ifdef RAVEL_PLANT_RACE
  BytesWritten += Len;
#endif
}

/// Key's value digest, 0 if absent.
uint64_t get(uint64_t Key) {
  Shard *S = lockShard(Key);
  Entry *E = *findLink(S, Key);
  if (!E) {
    pthread_mutex_unlock(&S->Mu);
    return 0;
  }
  std::lock_guard<std::mutex> Guard(E->Mu);
  pthread_mutex_unlock(&S->Mu);
  return E->Value ? digest(E->Value, E->Len) : 1;
}

void erase(uint64_t Key) {
  Shard *S = lockShard(Key);
  Entry **Link = findLink(S, Key);
  Entry *E = *Link;
  if (E) {
    *Link = E->Next;
    S->Count--;
    E->Mu.lock(); // a reader that found it before the unlink is done
    E->Mu.unlock();
  }
  pthread_mutex_unlock(&S->Mu);
  if (E) {
    std::free(E->Value);
    delete E;
  }
}

/// Moves shard I into a new block with a new mutex and rehashed buckets,
/// then destroys the old mutex and frees the old block.
void rebuild(unsigned I) {
  std::lock_guard<std::mutex> Slot(ShardSlotMu[I]);
  Shard *Old = Shards[I];
  pthread_mutex_lock(&Old->Mu); // waits for the operation inside, if any
  Shard *New = newShard(Old->Generation + 1);
  for (Entry *&Head : Old->Buckets)
    while (Entry *E = Head) {
      Head = E->Next;
      Entry **Link = &New->Buckets[bucketOf(E->Key, New->Generation)];
      E->Next = *Link;
      *Link = E;
      New->Count++;
    }
  pthread_mutex_unlock(&Old->Mu);
  pthread_mutex_destroy(&Old->Mu);
  std::free(Old);
  Shards[I] = New;
}

struct Worker {
  unsigned Id;
  unsigned Threads;
  unsigned long Ops;
  uint64_t KeysPerThread;
  uint64_t GetSum = 0; // digests of the values read: schedule-independent
};

void work(Worker *W) {
  uint64_t Rng = 0x853C49E6748FEA9Bull ^ (W->Id * 0x9E3779B97F4A7C15ull);
  for (unsigned long Op = 0; Op < W->Ops; ++Op) {
    Rng = Rng * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t R = Rng >> 17;
    uint64_t Key = (R % W->KeysPerThread) * W->Threads + W->Id;
    switch (R / W->KeysPerThread % 16) {
    case 0:
      erase(Key);
      break;
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
      put(Key, R / W->KeysPerThread / 16);
      break;
    default:
      W->GetSum = W->GetSum * 31 + get(Key);
      break;
    }
    if (Op % RebuildEvery == RebuildEvery - 1)
      rebuild((Op / RebuildEvery * 7 + W->Id * 16) % NumShards);
  }
}

} // namespace

int main(int argc, char **argv) {
  unsigned long Ops = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 150000;
  unsigned Threads = argc > 2 ? std::atoi(argv[2]) : 4;
  uint64_t Keys = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 4096;
  if (Threads < 1 || Keys < 1)
    return 2;
  for (unsigned I = 0; I < NumShards; ++I)
    Shards[I] = newShard(I * 1000);
  std::vector<Worker> Workers(Threads);
  std::vector<std::thread> Running;
  for (unsigned T = 0; T < Threads; ++T) {
    Workers[T].Id = T;
    Workers[T].Threads = Threads;
    Workers[T].Ops = Ops;
    Workers[T].KeysPerThread = Keys;
    Running.emplace_back(work, &Workers[T]);
  }
  for (std::thread &T : Running)
    T.join();
  // The final contents, in key order (independent of buckets and shards).
  uint64_t Checksum = 0, Live = 0, Bytes = 0;
  for (uint64_t Key = 0; Key < Keys * Threads; ++Key) {
    Shard *S = Shards[shardOf(Key)];
    if (Entry *E = *findLink(S, Key)) {
      ++Live;
      Bytes += E->Len;
      Checksum = Checksum * 1000003 + digest(E->Value, E->Len);
    }
  }
  for (const Worker &W : Workers)
    Checksum = Checksum * 31 + W.GetSum;
  std::printf("kvstore ops=%lu threads=%u keys=%lu live=%lu bytes=%lu "
              "checksum=%lu\n",
              Ops, Threads, static_cast<unsigned long>(Keys * Threads),
              static_cast<unsigned long>(Live),
              static_cast<unsigned long>(Bytes),
              static_cast<unsigned long>(Checksum));
  for (Shard *S : Shards) {
    for (Entry *Head : S->Buckets)
      while (Entry *E = Head) {
        Head = E->Next;
        std::free(E->Value);
        delete E;
      }
    pthread_mutex_destroy(&S->Mu);
    std::free(S);
  }
  return 0;
}

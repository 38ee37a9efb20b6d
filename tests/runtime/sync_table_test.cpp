// SyncTable::renewRange against a naive model (seeded random operations,
// seed printed on failure): sync objects are created at random addresses
// over a few pages and heap-like blocks; a renewed range must renew exactly
// the objects inside it (a new lock id) and no other, whatever the size of
// the range (one granule to more pages than the page index has buckets).
#include "sync_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

using namespace ravel::rt;

namespace {
TEST(SyncTable, RenewRangeAgainstModel) {
  static SyncTable Table; // large: not on the stack
  constexpr uptr Base = uptr(1) << 40;
  // Addresses spread over 64 pages, plus far ones (other regions).
  for (uint32_t Seed = 1; Seed <= 20; ++Seed) {
    SCOPED_TRACE("seed " + std::to_string(Seed));
    std::mt19937_64 Rng(Seed);
    std::map<uptr, LockId> Model; // address -> id the table must have
    auto RandomAddr = [&] {
      uptr Region = Rng() % 4 == 0 ? (Rng() % 1024) << 30 : 0;
      return Base + Seed * (uptr(1) << 34) + Region +
             8 * (Rng() % (64 * 4096 / 8));
    };
    for (int Step = 0; Step < 2000; ++Step) {
      if (Rng() % 3) {
        uptr A = RandomAddr();
        SyncVar *V = Table.getOrCreate(A, SyncKind::Mutex, nullptr);
        ASSERT_EQ(V->Addr, A);
        if (!Model.count(A))
          Model[A] = V->Id;
        ASSERT_EQ(V->Id, Model[A]);
        continue;
      }
      uptr From = RandomAddr() - 8 * (Rng() % 64);
      static const size_t Sizes[] = {
          1, 8, 24, 512, 4096, 5000, 1 << 16, uptr(1) << 28, uptr(1) << 33};
      size_t Size = Sizes[Rng() % 9] + Rng() % 16;
      Table.renewRange(From, Size);
      for (auto &[A, Id] : Model) {
        SyncVar *V = Table.find(A);
        ASSERT_NE(V, nullptr);
        bool Inside = A >= From && A < From + Size;
        if (Inside) {
          ASSERT_NE(V->Id, Id) << "not renewed: " << A;
          Id = V->Id;
        } else {
          ASSERT_EQ(V->Id, Id) << "renewed outside the range: " << A;
        }
      }
    }
  }
}
} // namespace

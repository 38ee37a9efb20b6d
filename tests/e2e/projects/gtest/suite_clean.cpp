// A clean GoogleTest suite: TEST, TEST_F, TEST_P and TYPED_TEST cases whose
// threads share data only under a mutex or through atomics.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace {

int Counter = 0;
std::mutex CounterMu;

void bump(int N) {
  for (int I = 0; I < N; ++I) {
    std::lock_guard<std::mutex> Lock(CounterMu);
    ++Counter;
  }
}

TEST(Counter, LockedIncrements) {
  Counter = 0;
  std::thread A(bump, 50), B(bump, 50);
  A.join();
  B.join();
  EXPECT_EQ(Counter, 100);
}

class Queue : public ::testing::Test {
protected:
  void SetUp() override { Items.clear(); }
  void push(int V) {
    std::lock_guard<std::mutex> Lock(Mu);
    Items.push_back(V);
  }
  std::mutex Mu;
  std::vector<int> Items;
};

TEST_F(Queue, TwoProducers) {
  std::thread A([this] { push(1); }), B([this] { push(2); });
  A.join();
  B.join();
  EXPECT_EQ(Items.size(), 2u);
}

class Workers : public ::testing::TestWithParam<int> {};

TEST_P(Workers, AtomicSum) {
  std::atomic<int> Sum{0};
  std::vector<std::thread> Threads;
  for (int I = 0; I < GetParam(); ++I)
    Threads.emplace_back([&Sum] { Sum.fetch_add(1); });
  for (std::thread &T : Threads)
    T.join();
  EXPECT_EQ(Sum.load(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(Counts, Workers, ::testing::Values(1, 2, 3));

template <class T> class Typed : public ::testing::Test {
protected:
  T Value{};
  std::mutex Mu;
};

using Types = ::testing::Types<int, long, double>;
TYPED_TEST_SUITE(Typed, Types);

TYPED_TEST(Typed, GuardedStore) {
  std::thread A([this] {
    std::lock_guard<std::mutex> Lock(this->Mu);
    this->Value = TypeParam(1);
  });
  {
    std::lock_guard<std::mutex> Lock(this->Mu);
    this->Value = TypeParam(2);
  }
  A.join();
  EXPECT_NE(this->Value, TypeParam(0));
}

} // namespace

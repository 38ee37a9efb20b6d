// Semantic corpus: lvalue corner cases, packed and bit-fields, unions,
// pointers to members, generic lambdas, variadic templates, static locals.
// FLAGS: -std=c++17 -O0
#include <cstdio>
#include <cstring>
#include <functional>
#include <new>
#include <typeinfo>

struct __attribute__((packed)) Wire {
  char kind;
  int len;
};
struct Flags {
  unsigned a : 3, b : 5;
};
union Num {
  int i;
  float f;
};
struct Node {
  int value;
  Node *next;
};

template <class... Ts> int total(Ts... xs) { return (0 + ... + xs); }

template <class Derived> struct Counted {
  static inline int made = 0;
  Counted() { ++made; }
  int id() const { return static_cast<const Derived *>(this)->key * 2; }
};
struct Item : Counted<Item> {
  int key;
  explicit Item(int k) : key(k) {}
};

int counter;
volatile int vol;
int grid[3][4];

int next_id() {
  static int id = 100;
  return ++id;
}

int apply(const std::function<int(int)> &fn, int v) { return fn(v); }

int main() {
  Wire w{1, 2};
  w.len += 3;
  Flags fl{1, 2};
  fl.b += fl.a;
  Num n;
  n.i = 0x3f800000;
  float asf = n.f;
  int Node::*pv = &Node::value;
  Node second{2, nullptr}, first{1, &second};
  first.*pv += 10;
  int chain = 0;
  for (Node *p = &first; p; p = p->next)
    chain += p->value;
  int a = 1, b = 2;
  (a < b ? a : b) = 9;
  (a, b) = 7;
  a = b = counter = 4;
  vol = vol + 1;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c)
      grid[r][c] = r * 4 + c;
  auto gen = [&](auto x) { return x + counter; };
  int shared = 0;
  auto outer = [&] {
    auto inner = [&] { shared += 5; };
    inner();
    inner();
  };
  outer();
  Item i1(3), i2(4);
  alignas(Node) unsigned char raw[sizeof(Node)];
  Node *placed = new (raw) Node{42, nullptr};
  int ids = next_id() + next_id();
  const char *kind = typeid(placed).name();
  int sz = sizeof(counter++);
  std::printf("%d %d %u %u %.1f %d %d %d %d %d\n", w.kind, w.len, fl.a, fl.b,
              asf, first.value, chain, a, b, counter);
  std::printf("%d %d %g %d %d %d %d %d %d %d %d\n", vol, grid[2][3], gen(0.5),
              shared, i1.id() + i2.id(), Counted<Item>::made, placed->value,
              ids, (int)std::strlen(kind) > 0, sz,
              apply([&](int v) { return v * counter; }, 3));
  std::printf("%d\n", total(1, 2, 3, 4L > 3 ? 4 : 0));
  return 0;
}

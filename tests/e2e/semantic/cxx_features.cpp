// Semantic corpus: C++17/20 constructs whose meaning the rewrite must keep.
// FLAGS: -std=c++20 -O1 -pthread
#include <algorithm>
#include <atomic>
#include <compare>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

template <class T> concept Number = std::is_arithmetic_v<T>;

template <Number T> struct Stack {
  std::vector<T> items;
  T top = T();
  void push(T v) {
    items.push_back(v);
    top = v;
  }
  T pop() {
    T v = items.back();
    items.pop_back();
    top = items.empty() ? T() : items.back();
    return v;
  }
};

struct Vec {
  int x = 0, y = 0;
  Vec &operator+=(const Vec &o) {
    x += o.x;
    y += o.y;
    return *this;
  }
  auto operator<=>(const Vec &) const = default;
};
Vec operator+(Vec a, const Vec &b) { return a += b; }

struct Shape {
  virtual ~Shape() = default;
  virtual int area() const = 0;
};
struct Rect : Shape {
  int w, h;
  Rect(int w, int h) : w(w), h(h) {}
  int area() const override { return w * h; }
};

int counter;
int calls;
int f() { return ++calls; }
int &pick(int *a, int i) { return a[i]; }
decltype(auto) whole() { return (counter); }
constexpr int square(int v) { return v * v; }
static_assert(square(4) == 16);

int main() {
  int a[4] = {1, 2, 3, 4};
  int i = 0;
  a[i++] += f();
  pick(a, i) *= 10;
  whole() = 5;
  auto [q, r] = std::pair{7, 3};
  auto &[c0, c1] = std::get<0>(std::tuple<std::pair<int, int>>{{1, 2}}) = {8, 9};
  (void)c0;
  (void)c1;
  Stack<int> s;
  for (int v : {3, 1, 4, 1, 5})
    s.push(v);
  Stack<double> sd;
  sd.push(2.5);
  int popped = s.pop();
  Vec v1{1, 2}, v2{3, 4};
  Vec v3 = v1 + v2;
  bool less = v1 < v2;
  std::vector<std::unique_ptr<Shape>> shapes;
  shapes.push_back(std::make_unique<Rect>(2, 3));
  shapes.push_back(std::make_unique<Rect>(4, 5));
  int area = 0;
  for (const auto &sh : shapes)
    area += sh->area();
  std::map<std::string, int> m;
  m["one"] = 1;
  m["two"] += 2;
  int caught = 0;
  try {
    if (m.at("two") == 2)
      throw std::runtime_error("boom");
  } catch (const std::exception &e) {
    caught = (int)std::string(e.what()).size();
  }
  std::atomic<int> hits{0};
  std::mutex mu;
  int guarded = 0;
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&, t] {
      hits.fetch_add(t + 1, std::memory_order_relaxed);
      std::lock_guard<std::mutex> g(mu);
      guarded += t;
    });
  for (auto &t : ts)
    t.join();
  auto add = [k = 10](int x) mutable { return k++ + x; };
  int l1 = add(1), l2 = add(1);
  std::optional<int> o;
  if (!o)
    o = 42;
  std::vector<int> sorted = {5, 3, 9, 1};
  std::sort(sorted.begin(), sorted.end());
  int total = std::accumulate(sorted.begin(), sorted.end(), 0);
  std::printf("%d %d %d %d %d %d %d\n", a[0], a[1], i, calls, counter, q, r);
  std::printf("%d %d %d %g %d %d %d %d\n", popped, s.top, v3.x, sd.top, less,
              area, m["two"], caught);
  std::printf("%d %d %d %d %d %d %d %d\n", hits.load(), guarded, l1, l2, *o,
              sorted[0], total, square(i));
  return 0;
}

// Standard library calls modelled by [res.on.data.races] / [container.reqmts].
// FLAGS: -std=c++17
#include <map>
#include <memory>
#include <string>
#include <vector>

std::vector<int> shared;
std::map<std::string, int> table;
std::shared_ptr<int> owner;

int library(std::vector<int> *other) {
  shared.push_back(1);
  int n = (int)shared.size();
  shared[0] = n;
  int first = shared.at(0) + *shared.begin();
  table["k"] = first;
  auto it = table.find("k");
  other->clear();
  std::vector<int> mine;
  mine.push_back(2);
  std::shared_ptr<int> copy = owner;
  return (int)other->size() + it->second + (int)mine.size() + (copy ? 1 : 0);
}

// The site names the object the call reads or writes.
// CHECK: {"cxx_stdlib.cpp", "library", "shared", 13, 3, 8, 0};
// CHECK-LABEL: int library(std::vector<int> *other) {
// CHECK-NEXT: __ravel_libw(shared, &{{.*}}).push_back(1);
// CHECK-NEXT: int n = (int)__ravel_libr(shared, &{{.*}}).size();
// operator[] of a sequence counts as const; the element is written through
// the returned reference.
// CHECK-NEXT: __ravel_wr(__ravel_libr(shared, &{{.*}})[0], &{{.*}}) = n;
// CHECK-NEXT: int first = __ravel_rd(__ravel_libr(shared, &{{.*}}).at(0), &{{.*}}) + __ravel_rd(*__ravel_libr(shared, &{{.*}}).begin(), &{{.*}});
// operator[] of a map inserts: a write.
// CHECK-NEXT: __ravel_wr(__ravel_libw(table, &{{.*}})["k"], &{{.*}}) = first;
// CHECK-NEXT: auto it = __ravel_libr(table, &{{.*}}).find("k");
// CHECK-NEXT: __ravel_libw_p(other, &{{.*}})->clear();
// A private local container and shared_ptr copies are not modelled.
// CHECK-NEXT: std::vector<int> mine;
// CHECK-NEXT: mine.push_back(2);
// CHECK-NEXT: std::shared_ptr<int> copy = owner;
// CHECK-NEXT: return (int)__ravel_libr_p(other, &{{.*}})->size() + __ravel_rd(it->second, &{{.*}}) + (int)mine.size() + (copy ? 1 : 0);

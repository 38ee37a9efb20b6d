//===- tool/report/render_json.cpp - the report document ------------------===//
#include "render.h"

namespace ravel::report {

std::string renderJson(const Report &R) { return toJson(R).dump(2) + "\n"; }

} // namespace ravel::report

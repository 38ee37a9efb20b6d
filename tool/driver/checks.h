//===- tool/driver/checks.h - readable checks of numeric options -*- C++ -*-===//
//
// CLI11's PositiveNumber prints the range of a double ("0 not in range 0 to
// 1797693134862315708...") and lets a number past int64_t through. These
// checks say what is allowed in words: `--runs: expected an integer of at
// least 1, got 0`.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_CHECKS_H
#define RAVEL_TOOL_DRIVER_CHECKS_H

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

namespace ravel::driver {

/// An integer in [Min, Max] (Max: int64_t's largest when not given).
inline CLI::Validator integerAtLeast(
    int64_t Min, int64_t Max = std::numeric_limits<int64_t>::max()) {
  std::string Want =
      Max == std::numeric_limits<int64_t>::max()
          ? "an integer of at least " + std::to_string(Min)
          : "an integer from " + std::to_string(Min) + " to " +
                std::to_string(Max);
  return CLI::Validator(
      [Min, Max, Want](std::string &S) -> std::string {
        errno = 0;
        char *End = nullptr;
        long long V = std::strtoll(S.c_str(), &End, 10);
        if (S.empty() || *End || errno == ERANGE || V < Min || V > Max)
          return "expected " + Want + ", got " + S;
        return "";
      },
      "INT", "");
}

/// A number of seconds greater than 0.
inline CLI::Validator positiveSeconds() {
  return CLI::Validator(
      [](std::string &S) -> std::string {
        char *End = nullptr;
        double V = std::strtod(S.c_str(), &End);
        if (S.empty() || *End || !std::isfinite(V) || V <= 0 || V > 1e9)
          return "expected a number of seconds greater than 0, got " + S;
        return "";
      },
      "SECONDS", "");
}

} // namespace ravel::driver

#endif

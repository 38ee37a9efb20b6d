//===- tests/tool/ravel_options_test.cpp - a run's RAVEL_OPTIONS ----------===//
//
// The driver's side of RAVEL_OPTIONS (tool/driver/ravel_options.h): the
// user's variable is split as the runtime splits it, the keys that define
// a run come from the contract's options.inc, and the step budget follows
// the contract's rule.
//
//===----------------------------------------------------------------------===//
#include "ravel_options.h"

#include "ravel/contract/options.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace drv = ravel::driver;
namespace contract = ravel::contract;

namespace {

struct UserOptions {
  explicit UserOptions(const char *Text) {
    setenv(contract::OptionsVariable, Text, 1);
  }
  ~UserOptions() { unsetenv(contract::OptionsVariable); }
};

TEST(RavelOptions, UserItemsSplitAsTheRuntimeSplits) {
  UserOptions U(" verbosity=1:suppressions=/s\tmax_steps=5\nhalt_on_error=1 ");
  EXPECT_EQ(drv::userOptionItems(),
            (std::vector<std::string>{"verbosity=1", "suppressions=/s",
                                      "max_steps=5", "halt_on_error=1"}));
  EXPECT_TRUE(drv::userSetsOption("max_steps"));
  EXPECT_FALSE(drv::userSetsOption("seed"));
}

TEST(RavelOptions, KeysThatDefineARunAreRavels) {
  std::string User;
  for (const contract::OptionInfo &O : contract::AllOptions)
    User += std::string(O.Key) + "=user ";
  UserOptions U(User.c_str());
  std::string Built = drv::ravelOptions({{"seed", "7"}});
  for (const contract::OptionInfo &O : contract::AllOptions) {
    bool Passed = Built.find(std::string(O.Key) + "=user") != std::string::npos;
    EXPECT_EQ(Passed, O.Owner == contract::OptionOwner::User) << O.Key;
  }
  EXPECT_NE(Built.find("seed=7"), std::string::npos) << Built;
}

TEST(RavelOptions, StepBudgetFollowsTheContract) {
  EXPECT_EQ(drv::stepBudget(0, ""), "200000"); // 100 x 2000
  EXPECT_EQ(drv::stepBudget(0, "50"), "10000");
  EXPECT_EQ(drv::stepBudget(0, "1234"), "123400");
  EXPECT_EQ(drv::stepBudget(77, "1234"), "77");
  // A user's max_steps passes through, whatever separates it.
  UserOptions U("verbosity=1\tmax_steps=5");
  EXPECT_EQ(drv::stepBudget(0, "1234"), "");
}

TEST(RavelOptions, ControlledSchedules) {
  EXPECT_FALSE(drv::isControlled("native"));
  EXPECT_FALSE(drv::isControlled("noise"));
  EXPECT_TRUE(drv::isControlled("random"));
  EXPECT_TRUE(drv::isControlled("pct"));
  EXPECT_TRUE(drv::isControlled("replay"));
  EXPECT_FALSE(drv::isControlled("fast"));
}

} // namespace

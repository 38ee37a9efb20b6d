//===- tool/driver/ravel_options.cpp - a run's RAVEL_OPTIONS --------------===//
#include "ravel_options.h"

#include "ravel/contract/options.h"
#include "ravel/contract/run.h"
#include "ravel/contract/schedule_mode.h"

#include <algorithm>
#include <cstdlib>

namespace ravel::driver {

std::vector<std::string> userOptionItems() {
  std::vector<std::string> Items;
  const char *User = std::getenv(contract::OptionsVariable);
  if (!User)
    return Items;
  std::string Item;
  for (const char *P = User;; ++P) {
    if (*P && !contract::isOptionSeparator(*P)) {
      Item += *P;
      continue;
    }
    if (!Item.empty())
      Items.push_back(std::move(Item));
    Item.clear();
    if (!*P)
      break;
  }
  return Items;
}

static std::string keyOf(const std::string &Item) {
  return Item.substr(0, Item.find('='));
}

bool userSetsOption(const std::string &Key) {
  for (const std::string &Item : userOptionItems())
    if (keyOf(Item) == Key && Item.find('=') != std::string::npos)
      return true;
  return false;
}

/// Keys that define a run are ravel's for every run it starts, also when
/// this run does not set them (a replay has no seed): a user's `seed=abc`
/// must not make every replay fail.
static bool definesRun(const std::string &Key) {
  for (const contract::OptionInfo &O : contract::AllOptions)
    if (Key == O.Key)
      return O.Owner != contract::OptionOwner::User;
  return false;
}

std::string
ravelOptions(const std::vector<std::pair<std::string, std::string>> &Keys) {
  std::string Out;
  for (const std::string &Item : userOptionItems()) {
    std::string Key = keyOf(Item);
    bool Ours = definesRun(Key);
    for (const auto &KV : Keys)
      Ours |= KV.first == Key;
    if (!Ours)
      Out += Item + " ";
  }
  for (const auto &[K, V] : Keys)
    Out += K + "=" + V + " ";
  if (!Out.empty())
    Out.pop_back();
  return Out;
}

bool isControlled(const std::string &Schedule) {
  contract::ScheduleMode M;
  return contract::parseScheduleMode(Schedule.c_str(), &M) &&
         contract::isControlled(M);
}

std::string stepBudget(int64_t MaxStepsFlag, const std::string &StepsHint) {
  if (MaxStepsFlag > 0)
    return std::to_string(MaxStepsFlag);
  if (userSetsOption("max_steps"))
    return "";
  uint64_t Expected = StepsHint.empty() ? contract::DefaultExpectedSteps
                                        : std::stoull(StepsHint);
  return std::to_string(contract::stepBudgetFor(Expected));
}

} // namespace ravel::driver

//===- tests/tool/schedule_contract_test.cpp - runtime <-> driver files ---===//
//
// The schedule file is a contract between the runtime (which records and
// replays it) and the driver (which keeps, replays and shrinks it). Each side
// must read what the other writes: here the runtime's own writer and reader
// (runtime/scheduler/schedule_file.cpp) meet the driver's.
//
//===----------------------------------------------------------------------===//
#include "runtime/scheduler/schedule_file.h"
#include "tool/driver/schedule_file.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <unistd.h>

namespace rt = ravel::rt::sched;
namespace drv = ravel::driver;

namespace {

std::string tempPath() {
  char Name[] = "/tmp/ravel-contract-XXXXXX";
  int Fd = mkstemp(Name);
  EXPECT_GE(Fd, 0);
  close(Fd);
  return Name;
}

TEST(ScheduleContract, DriverReadsWhatTheRuntimeRecords) {
  std::string Path = tempPath();
  rt::DecisionLog Log;
  // Repeats, a long line (more than 32 runs) and the `-` value.
  for (uint32_t I = 0; I < 40; ++I)
    Log.append(I % 3);
  for (int I = 0; I < 5; ++I)
    Log.append(7);
  Log.append(rt::kDefaultDecision);
  rt::ScheduleHeader H;
  H.Strategy = "pct";
  H.Seed = 17;
  H.Depth = 3;
  H.Steps = 1234;
  H.Exact = false;
  H.Notes = "thread 2 blocked outside ravel's view\nsecond note";
  ASSERT_TRUE(rt::writeScheduleFile(Path.c_str(), H, Log));

  auto S = drv::readScheduleFile(Path);
  ASSERT_TRUE(static_cast<bool>(S)) << llvm::toString(S.takeError());
  EXPECT_EQ(S->get("strategy"), "pct");
  EXPECT_EQ(S->get("seed"), "17");
  EXPECT_EQ(S->get("steps"), "1234");
  EXPECT_EQ(S->get("exact"), "0");
  EXPECT_EQ(S->all("note"),
            (std::vector<std::string>{"thread 2 blocked outside ravel's view",
                                      "second note"}));
  // The runtime writes this test's own command line as argv.
  EXPECT_FALSE(S->program().empty());
  ASSERT_EQ(S->Decisions.size(), Log.size());
  for (uint32_t I = 0; I < Log.size(); ++I)
    EXPECT_EQ(S->Decisions[I], Log.at(I) == rt::kDefaultDecision
                                   ? drv::NoPreemption
                                   : static_cast<int64_t>(Log.at(I)))
        << I;
  unlink(Path.c_str());
}

TEST(ScheduleContract, RuntimeReadsWhatTheDriverWrites) {
  // What `ravel run` keeps (argv rewritten, finding added) and what
  // `ravel shrink` writes (`-` in place of forced decisions).
  drv::ScheduleFile S;
  S.Header = {{"strategy", "pct"},
              {"seed", "5"},
              {"argv", "[\"./bank\",\"4\"]"},
              {"finding", "RV-DR-00000000000000a1"}};
  for (int I = 0; I < 70; ++I)
    S.Decisions.push_back(I % 5 == 0 ? drv::NoPreemption : I % 2);
  std::string Path = tempPath();
  std::ofstream(Path) << drv::printScheduleFile(S);

  rt::DecisionLog Log;
  char Err[256] = "";
  ASSERT_TRUE(rt::readScheduleFile(Path.c_str(), Log, Err, sizeof(Err))) << Err;
  ASSERT_EQ(Log.size(), S.Decisions.size());
  for (uint32_t I = 0; I < Log.size(); ++I)
    EXPECT_EQ(Log.at(I), S.Decisions[I] == drv::NoPreemption
                             ? rt::kDefaultDecision
                             : static_cast<uint32_t>(S.Decisions[I]))
        << I;
  unlink(Path.c_str());
}

} // namespace

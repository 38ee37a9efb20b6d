// Schedule files: round trip, run-length encoding, and every corruption a
// user could hand to `ravel replay` gets a message naming file and problem.
#include "schedule_file.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>

using namespace ravel::rt::sched;

namespace {
std::string tempPath(const char *Name) {
  return std::string(::testing::TempDir()) + "ravel_sf_" + Name + "_" +
         std::to_string(getpid());
}
void writeText(const std::string &Path, const std::string &Text) {
  std::ofstream(Path) << Text;
}
std::string readError(const std::string &Path) {
  DecisionLog Log;
  char Err[512] = "";
  EXPECT_FALSE(readScheduleFile(Path.c_str(), Log, Err, sizeof(Err)));
  return Err;
}
} // namespace

TEST(ScheduleFile, RoundTripRandomLogs) {
  std::string Path = tempPath("rt");
  for (unsigned Seed = 1; Seed <= 50; ++Seed) {
    std::mt19937 Gen(Seed);
    DecisionLog Out;
    std::vector<uint32_t> Model;
    int N = (int)(Gen() % 3000);
    for (int I = 0; I < N; ++I) {
      // Long runs and single values, and the default token.
      uint32_t V = Gen() % 7 == 0 ? kDefaultDecision : Gen() % 5;
      int Rep = Gen() % 4 == 0 ? (int)(Gen() % 40) : 1;
      for (int K = 0; K < Rep; ++K) {
        Out.append(V);
        Model.push_back(V);
      }
    }
    ScheduleHeader H;
    H.Strategy = "pct";
    H.Seed = Seed;
    H.Notes = "first note\nsecond note";
    ASSERT_TRUE(writeScheduleFile(Path.c_str(), H, Out)) << "seed " << Seed;
    DecisionLog In;
    char Err[256] = "";
    ASSERT_TRUE(readScheduleFile(Path.c_str(), In, Err, sizeof(Err)))
        << "seed " << Seed << ": " << Err;
    ASSERT_EQ(In.size(), Model.size()) << "seed " << Seed;
    for (uint32_t I = 0; I < In.size(); ++I)
      ASSERT_EQ(In.at(I), Model[I]) << "seed " << Seed << " at " << I;
  }
  unlink(Path.c_str());
}

TEST(ScheduleFile, HeaderAndEncoding) {
  std::string Path = tempPath("hdr");
  DecisionLog Out;
  for (uint32_t V : {1u, 0u, 0u, 0u, 2u, kDefaultDecision})
    Out.append(V);
  ScheduleHeader H;
  H.Strategy = "random";
  H.Seed = 17;
  H.Depth = 3;
  H.Steps = 99;
  H.Exact = false;
  ASSERT_TRUE(writeScheduleFile(Path.c_str(), H, Out));
  std::ifstream In(Path);
  std::string Text((std::istreambuf_iterator<char>(In)),
                   std::istreambuf_iterator<char>());
  EXPECT_EQ(Text.rfind("ravel-schedule 1\nstrategy random\nseed 17\ndepth 3\n"
                       "steps 99\nexact 0\nargv [",
                       0),
            0u)
      << Text;
  EXPECT_NE(Text.find("\ndecisions 6\n1 0*3 2 -\n"), std::string::npos)
      << Text;
  unlink(Path.c_str());
}

TEST(ScheduleFile, CorruptFilesAreRejectedWithReasons) {
  std::string Path = tempPath("bad");
  EXPECT_NE(readError(Path + ".missing").find("cannot open"),
            std::string::npos);
  writeText(Path, "");
  EXPECT_NE(readError(Path).find("is empty"), std::string::npos);
  writeText(Path, "{\"tool\":\"ravel\"}\n");
  EXPECT_NE(readError(Path).find("not a ravel schedule file"),
            std::string::npos);
  writeText(Path, "ravel-schedule 1\nstrategy pct\n");
  EXPECT_NE(readError(Path).find("cut short"), std::string::npos);
  writeText(Path, "ravel-schedule 1\ndecisions 3\n1 2\n");
  EXPECT_NE(readError(Path).find("fewer decisions"), std::string::npos);
  writeText(Path, "ravel-schedule 1\ndecisions 2\n1 x\n");
  EXPECT_NE(readError(Path).find("unexpected character"), std::string::npos);
  writeText(Path, "ravel-schedule 1\ndecisions 2\n1*\n");
  EXPECT_NE(readError(Path).find("repeat count"), std::string::npos);
  writeText(Path, "ravel-schedule 1\ndecisions 2\n1*5\n");
  EXPECT_NE(readError(Path).find("more decisions"), std::string::npos);
  std::string Err = readError(Path);
  EXPECT_NE(Err.find(Path), std::string::npos) << Err;
  unlink(Path.c_str());
}

// Version 2: fingerprints and the site table survive a round trip; a
// version 1 file (no fingerprints) still reads; a bad fingerprint section
// is a clear error.
namespace {
void siteName(uint32_t I, char *Buf, size_t Len) {
  snprintf(Buf, Len, "file%u.c:%u", I, I * 10);
}
} // namespace

TEST(ScheduleFile, FingerprintsRoundTrip) {
  std::string Path = tempPath("fp");
  DecisionLog Out;
  FingerprintLog Fps;
  for (uint32_t I = 0; I < 40; ++I) {
    Out.append(I % 3);
    Fingerprint F{};
    F.Kind = "twsc"[I % 4];
    F.Delta = I * 7;
    F.Site = I % 3;
    F.Hashed = I % 5 == 0;
    F.Set = F.Hashed ? 0x123456789abcdef0ULL + I : (0x7ULL << (I % 9));
    F.Count = F.Hashed ? 70 + I : 3;
    Fps.append(F);
  }
  ScheduleHeader H;
  H.Strategy = "pct";
  H.Fingerprints = &Fps;
  H.NumSites = 2;
  H.SiteText = siteName;
  ASSERT_TRUE(writeScheduleFile(Path.c_str(), H, Out));
  DecisionLog In;
  ScheduleInfo Info;
  char Err[256] = "";
  ASSERT_TRUE(readScheduleFile(Path.c_str(), In, Err, sizeof(Err), &Info))
      << Err;
  EXPECT_EQ(Info.Version, 2u);
  ASSERT_EQ(Info.Fingerprints.size(), 40u);
  for (uint32_t I = 0; I < 40; ++I) {
    const Fingerprint &A = Fps.at(I), &B = Info.Fingerprints.at(I);
    EXPECT_EQ(A.Kind, B.Kind) << I;
    EXPECT_EQ(A.Delta, B.Delta) << I;
    EXPECT_EQ(A.Site, B.Site) << I;
    EXPECT_EQ(A.Hashed, B.Hashed) << I;
    EXPECT_EQ(A.Set, B.Set) << I;
    EXPECT_EQ(A.Count, B.Count) << I;
  }
  ASSERT_NE(Info.Sites.get(2), nullptr);
  EXPECT_STREQ(Info.Sites.get(2), "file2.c:20");
  EXPECT_EQ(Info.Sites.get(3), nullptr);
  unlink(Path.c_str());
}

TEST(ScheduleFile, VersionOneFilesStillRead) {
  std::string Path = tempPath("v1");
  writeText(Path, "ravel-schedule 1\nstrategy pct\nsteps 12\ndecisions 3\n"
                  "1 0 -\n");
  DecisionLog In;
  ScheduleInfo Info;
  char Err[256] = "";
  ASSERT_TRUE(readScheduleFile(Path.c_str(), In, Err, sizeof(Err), &Info))
      << Err;
  EXPECT_EQ(Info.Version, 1u);
  EXPECT_EQ(Info.Steps, 12u);
  EXPECT_EQ(In.size(), 3u);
  EXPECT_EQ(Info.Fingerprints.size(), 0u); // replayed without checks
  unlink(Path.c_str());
}

TEST(ScheduleFile, CorruptFingerprintsAreRejectedWithReasons) {
  std::string Path = tempPath("badfp");
  writeText(Path, "ravel-schedule 2\ndecisions 2\n1 0\nfingerprints 3\n"
                  "t1@0:3 t1@0:3 t1@0:3\n");
  EXPECT_NE(readError(Path).find("fingerprint count differs"),
            std::string::npos);
  writeText(Path, "ravel-schedule 2\ndecisions 2\n1 0\nfingerprints 2\n"
                  "t1@0:3 x1@0:3\n");
  EXPECT_NE(readError(Path).find("malformed fingerprint"), std::string::npos);
  writeText(Path, "ravel-schedule 2\ndecisions 2\n1 0\nfingerprints 2\n"
                  "t1@0:3\n");
  EXPECT_NE(readError(Path).find("fewer fingerprints"), std::string::npos);
  writeText(Path, "ravel-schedule 1\ndecisions 1\n1\nfingerprints 1\nt1@0:3\n");
  EXPECT_NE(readError(Path).find("version 1"), std::string::npos);
  writeText(Path, "ravel-schedule 9\ndecisions 0\n\n");
  EXPECT_NE(readError(Path).find("unsupported schedule file version"),
            std::string::npos);
  writeText(Path, "ravel-schedule 2\nsite x a.c:1\ndecisions 0\n\n");
  EXPECT_NE(readError(Path).find("bad 'site' line"), std::string::npos);
  unlink(Path.c_str());
}

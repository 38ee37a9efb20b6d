// Schedule files: round trip, the encodings of each version, and every corruption a
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
    std::vector<Decision> Model;
    int N = (int)(Gen() % 3000);
    uint64_t Step = Gen() % 3;
    for (int I = 0; I < N; ++I) {
      // Several decisions in one step, long gaps, the default token and
      // steps past 2^32.
      Step += Gen() % 3 == 0 ? 0 : Gen() % 4 == 0 ? (1ull << (Gen() % 34)) : 1;
      uint32_t V = Gen() % 7 == 0 ? kDefaultDecision : Gen() % 5;
      Decision D{Step, V, "twsc"[Gen() % 4]};
      Out.append(D);
      Model.push_back(D);
    }
    ScheduleHeader H;
    H.Strategy = "pct";
    H.Seed = Seed;
    H.Notes = "first note\nsecond note";
    ASSERT_TRUE(writeScheduleFile(Path.c_str(), H, Out)) << "seed " << Seed;
    DecisionLog In;
    ScheduleInfo Info;
    char Err[256] = "";
    ASSERT_TRUE(readScheduleFile(Path.c_str(), In, Err, sizeof(Err), &Info))
        << "seed " << Seed << ": " << Err;
    EXPECT_EQ(Info.Version, 3u);
    ASSERT_EQ(In.size(), Model.size()) << "seed " << Seed;
    for (uint32_t I = 0; I < In.size(); ++I) {
      ASSERT_EQ(In.at(I).Value, Model[I].Value) << "seed " << Seed << " at " << I;
      ASSERT_EQ(In.at(I).Step, Model[I].Step) << "seed " << Seed << " at " << I;
      ASSERT_EQ(In.at(I).Kind, Model[I].Kind) << "seed " << Seed << " at " << I;
    }
  }
  unlink(Path.c_str());
}

TEST(ScheduleFile, HeaderAndEncoding) {
  std::string Path = tempPath("hdr");
  DecisionLog Out;
  Out.append(Decision{4, 1, 't'});
  Out.append(Decision{4, 0, 'w'});
  Out.append(Decision{90, kDefaultDecision, 's'});
  Out.append(Decision{91, 2, 'c'});
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
  EXPECT_EQ(Text.rfind("ravel-schedule 3\nstrategy random\nseed 17\ndepth 3\n"
                       "steps 99\nexact 0\npoints shared\nargv [",
                       0),
            0u)
      << Text;
  EXPECT_NE(Text.find("\ndecisions 4\n4t1 4w0 90s- 91c2\n"), std::string::npos)
      << Text;
  unlink(Path.c_str());
}

TEST(ScheduleFile, OlderVersionsReadOneValuePerChoicePoint) {
  std::string Path = tempPath("v1rle");
  writeText(Path, "ravel-schedule 1\ndecisions 6\n1 0*3 2 -\n");
  DecisionLog In;
  ScheduleInfo Info;
  char Err[256] = "";
  ASSERT_TRUE(readScheduleFile(Path.c_str(), In, Err, sizeof(Err), &Info))
      << Err;
  EXPECT_EQ(Info.Version, 1u);
  ASSERT_EQ(In.size(), 6u);
  const uint32_t Want[] = {1, 0, 0, 0, 2, kDefaultDecision};
  for (uint32_t I = 0; I < 6; ++I) {
    EXPECT_EQ(In.at(I).Value, Want[I]) << I;
    EXPECT_EQ(In.at(I).Step, 0u) << I;
  }
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
    Out.append(Decision{I * 7, I % 3, "twsc"[I % 4]});
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
  EXPECT_EQ(Info.Version, 3u);
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
  writeText(Path, "ravel-schedule 3\ndecisions 2\n5t1 4t0\n");
  EXPECT_NE(readError(Path).find("steps go backwards"), std::string::npos);
  writeText(Path, "ravel-schedule 3\ndecisions 1\n5t\n");
  EXPECT_NE(readError(Path).find("malformed decision"), std::string::npos);
  writeText(Path, "ravel-schedule 3\ndecisions 1\n1\n");
  EXPECT_NE(readError(Path).find("malformed decision"), std::string::npos);
  unlink(Path.c_str());
}

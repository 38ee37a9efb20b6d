// PLANTED: data-race RowsDone (matmul.cpp:32, matmul.cpp:32)
//
// Workload: parallel dense matrix multiply, C = A * B (N x N doubles).
// Shape: many shared reads (every thread reads all of B and its rows of A),
// disjoint writes (each thread owns a band of rows of C), one join. The
// checksum of C is printed; it does not depend on the schedule.
//
// Usage: matmul [N=1024] [THREADS=2]
// Planted race (-DRAVEL_PLANT_RACE): every thread counts finished rows in a
// plain shared counter (the PLANTED line above).
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#ifdef RAVEL_PLANT_RACE
static long RowsDone = 0;
#endif

static void multiplyBand(const std::vector<double> &A,
                         const std::vector<double> &B, std::vector<double> &C,
                         int N, int FirstRow, int EndRow) {
  for (int I = FirstRow; I < EndRow; ++I) {
    double *Row = &C[static_cast<size_t>(I) * N];
    for (int K = 0; K < N; ++K) {
      double Aik = A[static_cast<size_t>(I) * N + K];
      const double *BRow = &B[static_cast<size_t>(K) * N];
      for (int J = 0; J < N; ++J)
        Row[J] += Aik * BRow[J];
    }
#ifdef RAVEL_PLANT_RACE
    RowsDone++;
#endif
  }
}

int main(int argc, char **argv) {
  int N = argc > 1 ? std::atoi(argv[1]) : 1024;
  int Threads = argc > 2 ? std::atoi(argv[2]) : 2;
  std::vector<double> A(static_cast<size_t>(N) * N), B(A.size()),
      C(A.size(), 0.0);
  for (int I = 0; I < N; ++I)
    for (int J = 0; J < N; ++J) {
      A[static_cast<size_t>(I) * N + J] = ((I * 7 + J * 3) % 17) - 8;
      B[static_cast<size_t>(I) * N + J] = ((I * 5 + J * 11) % 13) - 6;
    }
  std::vector<std::thread> Workers;
  for (int T = 0; T < Threads; ++T)
    Workers.emplace_back(multiplyBand, std::cref(A), std::cref(B), std::ref(C),
                         N, N * T / Threads, N * (T + 1) / Threads);
  for (std::thread &W : Workers)
    W.join();
  double Checksum = 0;
  for (size_t I = 0; I < C.size(); ++I)
    Checksum += C[I] * static_cast<double>(I % 31 + 1);
  std::printf("matmul n=%d threads=%d checksum=%.0f\n", N, Threads, Checksum);
  return 0;
}

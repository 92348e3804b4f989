// Scalar C++ reference for the batch price + delta benchmark (bench/pricing.bench.js):
// Black-Scholes-Merton price and delta of every option, one shared d1, the normal CDF from
// the C library's erfc, compiled with g++ -O3 at bench time (never committed as a binary).
//
// Usage: bsm_price_delta IN OUT REPS
//   IN:  n (uint32), then n float64 each of type (+1/-1), spot, strike, years, rate, div, vol
//   OUT: n float64 prices, then n float64 deltas
// Prints {"n":..,"best_s":..}: the best of REPS timed passes in process CPU time.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

static void price_delta(std::size_t n, const double* th, const double* S, const double* K, const double* T,
                        const double* r, const double* q, const double* v, double* price, double* delta) {
  for (std::size_t i = 0; i < n; i++) {
    const double dfq = std::exp(-q[i] * T[i]);
    const double dfr = std::exp(-r[i] * T[i]);
    const double fwd = S[i] * dfq, kdisc = K[i] * dfr;
    const double sd = v[i] * std::sqrt(T[i]);
    if (!(sd > 0)) {
      const double intr = th[i] * (fwd - kdisc);
      price[i] = intr > 0 ? intr : 0;
      delta[i] = intr > 0 ? th[i] * dfq : 0;
      continue;
    }
    const double d1 = (std::log(S[i] / K[i]) + (r[i] - q[i]) * T[i]) / sd + 0.5 * sd;
    const double d2 = d1 - sd;
    const double n1 = 0.5 * std::erfc(-th[i] * d1 * M_SQRT1_2);
    const double n2 = 0.5 * std::erfc(-th[i] * d2 * M_SQRT1_2);
    const double p = th[i] * (fwd * n1 - kdisc * n2);
    price[i] = p > 0 ? p : 0;
    delta[i] = th[i] * dfq * n1;
  }
}

static double cpu_s() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char** argv) {
  if (argc != 4) { std::fprintf(stderr, "usage: %s IN OUT REPS\n", argv[0]); return 2; }
  std::FILE* in = std::fopen(argv[1], "rb");
  if (!in) { std::perror(argv[1]); return 2; }
  uint32_t n = 0;
  if (std::fread(&n, 4, 1, in) != 1) return 2;
  std::vector<double> cols(7 * static_cast<std::size_t>(n));
  if (std::fread(cols.data(), 8, cols.size(), in) != cols.size()) { std::fprintf(stderr, "%s: short file\n", argv[1]); return 2; }
  std::fclose(in);
  const double* c = cols.data();
  std::vector<double> price(n), delta(n);
  const int reps = std::atoi(argv[3]);
  double best = 1e30, sink = 0;
  for (int k = -1; k < reps; k++) {  // k = -1: warm-up pass
    const double t0 = cpu_s();
    price_delta(n, c, c + n, c + 2 * n, c + 3 * n, c + 4 * n, c + 5 * n, c + 6 * n, price.data(), delta.data());
    const double dt = cpu_s() - t0;
    sink += price[k < 0 ? 0 : k % n];
    if (k >= 0 && dt < best) best = dt;
  }
  std::FILE* out = std::fopen(argv[2], "wb");
  if (!out) { std::perror(argv[2]); return 2; }
  std::fwrite(price.data(), 8, n, out);
  std::fwrite(delta.data(), 8, n, out);
  std::fclose(out);
  std::printf("{\"n\":%u,\"best_s\":%.9g,\"sink\":%.17g}\n", n, best, sink);
  return 0;
}

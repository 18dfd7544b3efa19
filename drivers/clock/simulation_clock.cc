#include "drivers/clock/simulation_clock.h"

#include <cmath>
#include <sstream>
#include <string_view>

namespace gate::drivers {
namespace {

template <class T>
bool parse_number(std::string_view text, T* out) {
  if (text.empty()) return false;
  std::istringstream in{std::string(text)};
  in >> *out;
  return in && in.peek() == std::char_traits<char>::eof();
}

}  // namespace

int64_t SimulationClock::real_at(int64_t sim_ms) const {
  return real_base_ms +
         static_cast<int64_t>(std::llround(static_cast<double>(sim_ms - sim_base_ms) / rate));
}

int64_t SimulationClock::at(int64_t real_now_ms) const {
  return sim_base_ms +
         static_cast<int64_t>(std::llround(static_cast<double>(real_now_ms - real_base_ms) * rate));
}

Result<SimulationClock> parse_simulation_clock(const std::string& text) {
  const auto a = text.find(':');
  const auto b = a == std::string::npos ? a : text.find(':', a + 1);
  SimulationClock c;
  if (b == std::string::npos ||
      !parse_number(std::string_view(text).substr(0, a), &c.sim_base_ms) ||
      !parse_number(std::string_view(text).substr(a + 1, b - a - 1), &c.real_base_ms) ||
      !parse_number(std::string_view(text).substr(b + 1), &c.rate)) {
    return Error{"--simulation-clock '" + text +
                 "': expected SIM_BASE_MS:REAL_BASE_MS:RATE (unix ms, unix ms, simulated ms per "
                 "real ms), as gate-sim writes it"};
  }
  if (!(c.rate >= 1.0 && c.rate <= 100000.0)) {
    return Error{"--simulation-clock: rate " + std::to_string(c.rate) + " must be 1..100000"};
  }
  return c;
}

std::string format_simulation_clock(const SimulationClock& c) {
  std::ostringstream out;
  out << c.sim_base_ms << ":" << c.real_base_ms << ":" << c.rate;
  return out.str();
}

}  // namespace gate::drivers

#include "drivers/camera/http_auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cctype>
#include <stdexcept>

#include "drivers/camera/plate_event.h"
#include "drivers/http/digest_auth.h"

namespace gate::drivers {

namespace {

std::string hex(const unsigned char* p, std::size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += kHex[p[i] >> 4];
    out += kHex[p[i] & 0xf];
  }
  return out;
}

std::string hmac_hex(const std::string& key, std::string_view text) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac, &len);
  return hex(mac, len);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with_scheme(std::string_view value, std::string_view scheme) {
  return value.size() > scheme.size() && lower(value.substr(0, scheme.size())) == scheme &&
         value[scheme.size()] == ' ';
}

std::size_t skip_separators(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == ',')) ++i;
  return i;
}

// A quoted-string starting at s[i] == '"'; i is moved past the closing quote.
Result<std::string> quoted(std::string_view s, std::size_t& i) {
  std::string out;
  for (++i; i < s.size(); ++i) {
    if (s[i] == '"') {
      ++i;
      return out;
    }
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out += s[i];
  }
  return Error{"a quoted value in the Digest credentials is not closed"};
}

constexpr std::size_t kMaxAuthorizationBytes = 4096;

}  // namespace

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<BasicCredentials> parse_basic_authorization(std::string_view value) {
  if (!starts_with_scheme(value, "basic")) return Error{"no Basic credentials"};
  auto decoded = base64_decode(value.substr(6));
  if (!decoded.ok()) return Error{"Basic credentials are " + decoded.error()};
  const std::string& text = decoded.value();
  const std::size_t colon = text.find(':');
  if (colon == std::string::npos) return Error{"Basic credentials hold no ':'"};
  return BasicCredentials{text.substr(0, colon), text.substr(colon + 1)};
}

Result<std::map<std::string, std::string>> parse_digest_authorization(std::string_view value) {
  if (value.size() > kMaxAuthorizationBytes) return Error{"the Authorization header is too long"};
  if (!starts_with_scheme(value, "digest")) return Error{"no Digest credentials"};
  std::map<std::string, std::string> params;
  std::size_t i = skip_separators(value, 7);
  while (i < value.size()) {
    const std::size_t eq = value.find('=', i);
    if (eq == std::string_view::npos) return Error{"a Digest parameter has no '='"};
    std::string name = lower(value.substr(i, eq - i));
    while (!name.empty() && name.back() == ' ') name.pop_back();
    i = eq + 1;
    std::string v;
    if (i < value.size() && value[i] == '"') {
      auto q = quoted(value, i);
      if (!q.ok()) return Error{q.error()};
      v = std::move(q).value();
    } else {
      const std::size_t end = std::min(value.find(',', i), value.size());
      v = std::string(value.substr(i, end - i));
      while (!v.empty() && v.back() == ' ') v.pop_back();
      i = end;
    }
    if (!params.emplace(name, v).second) return Error{"Digest parameter " + name + " given twice"};
    i = skip_separators(value, i);
  }
  return params;
}

DigestServer::DigestServer(std::string realm, int64_t nonce_lifetime_ms,
                           std::size_t max_tracked_nonces)
    : realm_(std::move(realm)), lifetime_ms_(nonce_lifetime_ms), max_tracked_(max_tracked_nonces) {
  key_.resize(32);
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), 32) != 1) {
    throw std::runtime_error("no random bytes for the Digest nonce key");
  }
}

std::string DigestServer::make_nonce(int64_t now_ms) const {
  const std::string stamp = std::to_string(now_ms);
  return stamp + "." + hmac_hex(key_, stamp).substr(0, 32);
}

std::vector<std::string> DigestServer::challenges(int64_t now_ms, bool stale) const {
  std::vector<std::string> out;
  for (const char* algorithm : {"SHA-256", "MD5"}) {
    out.push_back("Digest realm=\"" + realm_ + "\", qop=\"auth\", algorithm=" + algorithm +
                  ", nonce=\"" + make_nonce(now_ms) + "\"" + (stale ? ", stale=true" : ""));
  }
  return out;
}

DigestServer::Check DigestServer::check_nonce(const std::string& nonce, int64_t now_ms) const {
  const std::size_t dot = nonce.find('.');
  if (dot == std::string::npos || dot == 0 || dot > 19) return {Verdict::kBad, "not our nonce"};
  const std::string stamp = nonce.substr(0, dot);
  for (char c : stamp) {
    if (c < '0' || c > '9') return {Verdict::kBad, "not our nonce"};
  }
  if (!constant_time_equal(nonce.substr(dot + 1), hmac_hex(key_, stamp).substr(0, 32))) {
    return {Verdict::kBad, "not our nonce (forged or from before a restart)"};
  }
  const int64_t issued = std::stoll(stamp);
  if (now_ms - issued > lifetime_ms_ || issued - now_ms > lifetime_ms_) {
    return {Verdict::kStale, "the nonce has expired"};
  }
  return {Verdict::kOk, {}};
}

DigestServer::Check DigestServer::check_count(const std::string& nonce, std::string_view nc_text,
                                              int64_t now_ms) {
  if (nc_text.size() != 8) return {Verdict::kBad, "nc must be 8 hex digits"};
  uint64_t nc = 0;
  for (char c : nc_text) {
    const int v =
        std::isxdigit(static_cast<unsigned char>(c))
            ? (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (c | 0x20) - 'a' + 10)
            : -1;
    if (v < 0) return {Verdict::kBad, "nc must be 8 hex digits"};
    nc = nc * 16 + static_cast<uint64_t>(v);
  }
  std::lock_guard lock(mu_);
  // Forget nonces past their lifetime, then the oldest while too many are tracked.
  for (auto it = highest_nc_.begin(); it != highest_nc_.end();) {
    const int64_t issued = std::stoll(it->first.substr(0, it->first.find('.')));
    it = now_ms - issued > lifetime_ms_ ? highest_nc_.erase(it) : std::next(it);
  }
  auto [it, inserted] = highest_nc_.emplace(nonce, 0);
  if (!inserted && nc <= it->second) {
    return {Verdict::kBad, "nonce count " + std::string(nc_text) + " was used before (a replay)"};
  }
  it->second = nc;
  while (highest_nc_.size() > max_tracked_) {
    auto oldest = highest_nc_.begin();
    for (auto j = highest_nc_.begin(); j != highest_nc_.end(); ++j) {
      if (std::stoll(j->first) < std::stoll(oldest->first)) oldest = j;
    }
    highest_nc_.erase(oldest);
  }
  return {Verdict::kOk, {}};
}

DigestServer::Check DigestServer::verify(std::string_view authorization, std::string_view method,
                                         std::string_view target, std::string_view user,
                                         std::string_view password, int64_t now_ms) {
  auto parsed = parse_digest_authorization(authorization);
  if (!parsed.ok()) {
    return {starts_with_scheme(authorization, "digest") ? Verdict::kBad : Verdict::kMissing,
            parsed.error()};
  }
  auto& p = parsed.value();
  const std::string algorithm = p.count("algorithm") ? p["algorithm"] : "MD5";
  if (algorithm != "MD5" && algorithm != "SHA-256") {
    return {Verdict::kBad, "algorithm " + algorithm + " is not offered (SHA-256 or MD5)"};
  }
  for (const char* needed :
       {"username", "realm", "nonce", "uri", "response", "qop", "nc", "cnonce"}) {
    if (!p.count(needed))
      return {Verdict::kBad, std::string("Digest parameter ") + needed + " missing"};
  }
  if (p["qop"] != "auth") return {Verdict::kBad, "qop must be auth"};
  if (p["realm"] != realm_) return {Verdict::kBad, "wrong realm"};
  if (p["uri"] != target) return {Verdict::kBad, "uri does not match the request"};
  Check nonce = check_nonce(p["nonce"], now_ms);
  if (nonce.verdict != Verdict::kOk) return nonce;
  const std::string ha1 =
      digest_hash_hex(algorithm, std::string(user) + ":" + realm_ + ":" + std::string(password));
  const std::string ha2 = digest_hash_hex(algorithm, std::string(method) + ":" + p["uri"]);
  const std::string expected = digest_hash_hex(
      algorithm, ha1 + ":" + p["nonce"] + ":" + p["nc"] + ":" + p["cnonce"] + ":auth:" + ha2);
  const bool user_ok = constant_time_equal(p["username"], user);
  if (!(constant_time_equal(lower(p["response"]), expected) && user_ok)) {
    return {Verdict::kBad, "wrong user name or password"};
  }
  return check_count(p["nonce"], p["nc"], now_ms);
}

}  // namespace gate::drivers

// RFC 7616 Digest authentication: see digest_auth.h.
#include "drivers/http/digest_auth.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

namespace gate::drivers {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string hex(const unsigned char* bytes, std::size_t n) {
  std::string out;
  out.reserve(n * 2);
  char buf[3];
  for (std::size_t i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", bytes[i]);
    out += buf;
  }
  return out;
}

// Quotes a value for a header's quoted-string.
std::string quoted(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void skip_separators(const std::string& s, std::size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == ',')) ++i;
}

// One `name=value` or `name="value"` at `i`; false when malformed.
bool read_param(const std::string& s, std::size_t& i, std::string* name, std::string* value) {
  const std::size_t eq = s.find('=', i);
  if (eq == std::string::npos) return false;
  *name = lower(s.substr(i, eq - i));
  while (!name->empty() && (name->back() == ' ' || name->back() == '\t')) name->pop_back();
  if (name->empty()) return false;
  i = eq + 1;
  while (i < s.size() && s[i] == ' ') ++i;
  value->clear();
  if (i < s.size() && s[i] == '"') {
    for (++i; i < s.size() && s[i] != '"'; ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      *value += s[i];
    }
    if (i >= s.size()) return false;  // quote left open
    ++i;
    return true;
  }
  const std::size_t end = std::min(s.find(',', i), s.size());
  *value = s.substr(i, end - i);
  while (!value->empty() && (value->back() == ' ' || value->back() == '\t')) value->pop_back();
  i = end;
  return true;
}

}  // namespace

std::string digest_hash_hex(std::string_view algorithm, std::string_view data) {
  const EVP_MD* md = lower(std::string(algorithm)) == "sha-256" ? EVP_sha256() : EVP_md5();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, md, nullptr);
  return hex(digest, len);
}

Result<std::map<std::string, std::string>> parse_digest_params(const std::string& header) {
  std::size_t i = 0;
  while (i < header.size() && header[i] == ' ') ++i;
  const std::size_t scheme_end = std::min(header.find(' ', i), header.size());
  if (lower(header.substr(i, scheme_end - i)) != "digest") {
    return Error{"not a Digest header: \"" + header.substr(0, 40) + "\""};
  }
  std::map<std::string, std::string> params;
  i = scheme_end;
  for (skip_separators(header, i); i < header.size(); skip_separators(header, i)) {
    std::string name;
    std::string value;
    if (!read_param(header, i, &name, &value)) {
      return Error{"malformed Digest header near byte " + std::to_string(i) + ": \"" +
                   header.substr(0, 80) + "\""};
    }
    params[name] = value;
  }
  return params;
}

Result<DigestChallenge> parse_digest_challenge(const std::string& www_authenticate) {
  auto params = parse_digest_params(www_authenticate);
  if (!params.ok()) return Error{params.error()};
  const auto& p = params.value();
  DigestChallenge c;
  auto get = [&](const char* k) {
    auto it = p.find(k);
    return it == p.end() ? std::string() : it->second;
  };
  c.realm = get("realm");
  c.nonce = get("nonce");
  c.opaque = get("opaque");
  if (!get("algorithm").empty()) c.algorithm = get("algorithm");
  if (c.nonce.empty()) return Error{"Digest challenge without a nonce"};
  const std::string alg = lower(c.algorithm);
  if (alg != "md5" && alg != "sha-256") {
    return Error{"Digest algorithm " + c.algorithm + " is not supported (only MD5 and SHA-256)"};
  }
  std::istringstream qops(get("qop"));
  for (std::string q; std::getline(qops, q, ',');) {
    q.erase(std::remove_if(q.begin(), q.end(), [](char ch) { return ch == ' ' || ch == '\t'; }),
            q.end());
    if (lower(q) == "auth") c.qop_auth = true;
  }
  if (!get("qop").empty() && !c.qop_auth) {
    return Error{"Digest challenge offers qop \"" + get("qop") + "\" but not \"auth\""};
  }
  return c;
}

std::string digest_response(const DigestChallenge& c, const DigestAnswer& a) {
  const std::string ha1 = digest_hash_hex(c.algorithm, a.user + ":" + c.realm + ":" + a.password);
  const std::string ha2 = digest_hash_hex(c.algorithm, a.method + ":" + a.uri);
  if (!c.qop_auth) return digest_hash_hex(c.algorithm, ha1 + ":" + c.nonce + ":" + ha2);
  char nc[9];
  std::snprintf(nc, sizeof nc, "%08x", a.nc);
  return digest_hash_hex(c.algorithm,
                         ha1 + ":" + c.nonce + ":" + nc + ":" + a.cnonce + ":auth:" + ha2);
}

std::string digest_authorization(const DigestChallenge& c, const DigestAnswer& a) {
  std::string h = "Digest username=" + quoted(a.user) + ", realm=" + quoted(c.realm) +
                  ", uri=" + quoted(a.uri) + ", algorithm=" + c.algorithm +
                  ", nonce=" + quoted(c.nonce);
  if (c.qop_auth) {
    char nc[9];
    std::snprintf(nc, sizeof nc, "%08x", a.nc);
    h += ", nc=" + std::string(nc) + ", cnonce=" + quoted(a.cnonce) + ", qop=auth";
  }
  h += ", response=" + quoted(digest_response(c, a));
  if (!c.opaque.empty()) h += ", opaque=" + quoted(c.opaque);
  return h;
}

std::string make_digest_cnonce() {
  unsigned char bytes[16];
  RAND_bytes(bytes, sizeof bytes);
  return hex(bytes, sizeof bytes);
}

}  // namespace gate::drivers

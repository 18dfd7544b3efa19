// One HTTP request to a server that wants Digest authentication (RFC 7616): sent once without
// credentials, and when the answer is 401 with a Digest challenge, once more with them. Both
// exchanges share one deadline. A 401 to the second request is returned as the reply: the
// caller says what refused credentials mean for it.
#pragma once

#include <string>

#include "drivers/http/http_client.h"
#include "rules/result.h"

namespace gate::drivers {

struct DigestRequest {
  std::string method;
  std::string target;
  std::string body;
  std::string content_type;
  std::string user;
  std::string password;
  int timeout_ms = 2000;  // challenge and answer together
};

Result<HttpReply> http_request_with_digest(const HttpUrl& url, const DigestRequest& request);

}  // namespace gate::drivers

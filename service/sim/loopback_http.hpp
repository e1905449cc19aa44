// The HTTP server settings both simulators (`forewarn sim-carrier`,
// `forewarn sim-provider`) use: a pool of `threads` workers (clients keep
// many connections alive at once), TCP_NODELAY, generous keep-alive, 30 s
// timeouts, the listening socket's fd kept for the backlog, and a 400 for a
// request httplib cannot parse. Routes are the caller's.
#pragma once

#include <httplib.h>

namespace forewarn::sim {

void configure_loopback_http(httplib::Server& s, int threads, int& listen_fd);

}  // namespace forewarn::sim

// `forewarn <command>`: each command is a function from its arguments to an
// exit code. Shared start-up (configuration, clock, logs, database) lives in
// runtime.hpp.
#pragma once

#include <string>
#include <vector>

namespace forewarn::app {

using Args = std::vector<std::string>;

int cmd_serve(const Args& args);
int cmd_quickstart(const Args& args);
int cmd_migrate(const Args& args);
int cmd_tenant(const Args& args);
int cmd_import_history(const Args& args);
int cmd_db(const Args& args);
int cmd_routes(const Args& args);
int cmd_config(const Args& args);
int cmd_eval_promises(const Args& args);
int cmd_parse_tracking(const Args& args);
int cmd_sim_carrier(const Args& args);
int cmd_enqueue_test_messages(const Args& args);
int cmd_sim_provider(const Args& args);
int cmd_report(const Args& args);
int cmd_demo(const Args& args);

}  // namespace forewarn::app

/* mod_logwatch: placeholder until its owner commits it. */
#include "httpd.h"
#include "http_config.h"
module AP_MODULE_DECLARE_DATA logwatch_module = {
    STANDARD20_MODULE_STUFF, NULL, NULL, NULL, NULL, NULL, NULL
};

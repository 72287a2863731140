// librdkafka's C API and its in-process mock cluster (Debian's librdkafka-dev installs both headers).
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

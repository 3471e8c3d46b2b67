/* The PHP headers bindgen reads for the few session symbols ext-php-rs lacks. */
#include "php.h"
#include "ext/session/php_session.h"
#include "SAPI.h"

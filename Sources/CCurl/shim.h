#ifndef KIOSQUE_CCURL_SHIM_H
#define KIOSQUE_CCURL_SHIM_H

#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic: Swift cannot call them,
   so each argument type gets a typed inline wrapper. */

typedef size_t (*kiosque_curl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
typedef int (*kiosque_curl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                              curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode kiosque_curl_setopt_long(CURL *curl, CURLoption option, long value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode kiosque_curl_setopt_off(CURL *curl, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode kiosque_curl_setopt_string(CURL *curl, CURLoption option, const char *value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode kiosque_curl_setopt_pointer(CURL *curl, CURLoption option, void *value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode kiosque_curl_setopt_slist(CURL *curl, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode kiosque_curl_setopt_data_callback(CURL *curl, CURLoption option,
                                                         kiosque_curl_data_callback value) {
    return curl_easy_setopt(curl, option, value);
}

static inline CURLcode kiosque_curl_setopt_xferinfo_callback(CURL *curl, kiosque_curl_xferinfo_callback value) {
    return curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, value);
}

static inline CURLcode kiosque_curl_getinfo_long(CURL *curl, CURLINFO info, long *value) {
    return curl_easy_getinfo(curl, info, value);
}

static inline CURLcode kiosque_curl_getinfo_off(CURL *curl, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(curl, info, value);
}

static inline CURLcode kiosque_curl_getinfo_string(CURL *curl, CURLINFO info, char **value) {
    return curl_easy_getinfo(curl, info, value);
}

/* CURLVERSION_NOW is a macro naming an enum constant, which Swift does not import. */
static inline curl_version_info_data *kiosque_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

#endif

#ifndef CLIBGIT2_SHIM_H
#define CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/repository.h>

/* git_libgit2_opts is variadic, which Swift cannot call; these fixed-arity wrappers can be. */

/** Sets the directories libgit2 searches for global/XDG/system config files (`level`). */
static inline int codecloud_git_set_search_path(git_config_level_t level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

/** Turns libgit2's own repository ownership check on or off (`safe.directory`). */
static inline int codecloud_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

/** Points libgit2's TLS at CA certificates: a bundle `file` and/or a directory `path`. */
static inline int codecloud_git_set_ssl_cert_locations(const char *file, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}

/* The libraries' own functions that a release linked with static libgit2 wraps (`--wrap`, see
   Sources/CodecloudGit/DeferredInitialisation.swift); only that build refers to them. */
int __real_mbedtls_x509_crt_parse_file(void *chain, const char *path);
int __real_libssh2_init(int flags);

#endif

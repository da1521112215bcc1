/**
 * Who is calling: API clients with static tokens or the identity provider's JWTs, and people
 * signing in to the console with OpenID Connect, all configured under {@code keywarden.identity};
 * their roles and scope (user-name globs), the filter chain of the API and the role rules routes
 * declare; and the key each client's secrets are sealed to, from configuration or set at run time
 * ({@code client_seal_key}).
 */
@ApplicationModule(allowedDependencies = {"platform"})
package io.keywarden.identity;

import org.springframework.modulith.ApplicationModule;

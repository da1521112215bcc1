/**
 * The plumbing every module shares and none owns a concept in: problem details, request ids
 * and the HTTP filters ({@code web}), JDBC batching ({@code jdbc}), the bulkhead and paging in
 * front of searches ({@code reads}), secrets in configuration ({@code secrets}) and what starts
 * with the process ({@code boot}). An open module: its sub-packages are used directly, and it
 * depends on no other module.
 */
@ApplicationModule(
        type = ApplicationModule.Type.OPEN,
        allowedDependencies = {})
package io.keywarden.platform;

import org.springframework.modulith.ApplicationModule;

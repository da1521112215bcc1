package io.keywarden.issuance;

/**
 * How many lost attempts wait for an operator because keywarden could not attribute the keys it
 * found upstream to them: a figure an overview shows without reading the reports themselves.
 */
public interface OpenOrphanReports {

    long count();
}

package io.keywarden.accesskey.internal;

import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.NewAccessKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One key keywarden issued: its upstream metadata, who asked for it and a SHA-256 fingerprint of
 * its secret. The secret itself is never stored.
 */
@Entity
@Table(name = "access_key")
public class AccessKey {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, updatable = false)
    private String accessKeyId;

    @Column(nullable = false, updatable = false)
    private String userName;

    @Column(nullable = false, updatable = false)
    private long upstreamUserId;

    private String description;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private AccessKeyStatus status;

    @Column(name = "secret_sha256", nullable = false, updatable = false)
    private String secretSha256;

    @Column(nullable = false, updatable = false)
    private String issuedBy;

    @Column(nullable = false, updatable = false)
    private UUID issuanceId;

    private String rotatedFrom;

    private Instant retireAt;

    @Column(nullable = false, updatable = false)
    private Instant createdAt;

    private Instant expiresAt;

    private Long leaseSeconds;

    @Column(nullable = false)
    private Instant updatedAt;

    @Column(nullable = false, updatable = false)
    private Instant recordedAt;

    protected AccessKey() {}

    public AccessKey(NewAccessKey key, Instant recordedAt) {
        this.accessKeyId = key.accessKeyId();
        this.userName = key.userName();
        this.upstreamUserId = key.upstreamUserId();
        this.description = key.description();
        this.status = AccessKeyStatus.ACTIVE;
        this.secretSha256 = key.secretSha256();
        this.issuedBy = key.issuedBy();
        this.issuanceId = key.issuanceId();
        this.rotatedFrom = key.rotatedFrom();
        this.createdAt = key.createdAt();
        this.expiresAt = key.expiresAt();
        this.leaseSeconds = key.lease() == null ? null : key.lease().toSeconds();
        this.updatedAt = key.updatedAt() != null ? key.updatedAt() : key.createdAt();
        this.recordedAt = recordedAt;
    }

    /** Records a status the upstream now has, as of {@code now}. */
    public void changeStatus(AccessKeyStatus newStatus, Instant now) {
        this.status = newStatus;
        this.updatedAt = now;
    }

    /** The lease is renewed: the key now expires at {@code expiresAt}. */
    public void renew(Instant expiresAt, Instant now) {
        this.expiresAt = expiresAt;
        this.updatedAt = now;
    }

    /** A successor exists: this key keeps working until {@code retireAt}, then it is retired. */
    public void supersede(Instant retireAt, Instant now) {
        if (status == AccessKeyStatus.ACTIVE) {
            this.status = AccessKeyStatus.ROTATING;
        }
        this.retireAt = retireAt;
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getAccessKeyId() {
        return accessKeyId;
    }

    public String getUserName() {
        return userName;
    }

    public long getUpstreamUserId() {
        return upstreamUserId;
    }

    public String getDescription() {
        return description;
    }

    public AccessKeyStatus getStatus() {
        return status;
    }

    public String getSecretSha256() {
        return secretSha256;
    }

    public String getIssuedBy() {
        return issuedBy;
    }

    public UUID getIssuanceId() {
        return issuanceId;
    }

    public String getRotatedFrom() {
        return rotatedFrom;
    }

    public Instant getRetireAt() {
        return retireAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    /** The lease length granted at issuance, or {@code null} for a key issued without one. */
    public Duration getLease() {
        return leaseSeconds == null ? null : Duration.ofSeconds(leaseSeconds);
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + ", user=" + userName + ", status=" + status + "]";
    }
}

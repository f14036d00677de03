package dev.parley.dialogue.health;

import dev.parley.contracts.serving.ServingHealth;
import io.quarkus.grpc.GrpcService;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Singleton;

/** grpc.health.v1 for the gateways' load balancers: serving once warm, not while warming or draining. */
@GrpcService
@Default // the warm-up injects it too
@Singleton
public class GrpcHealth extends ServingHealth {
}

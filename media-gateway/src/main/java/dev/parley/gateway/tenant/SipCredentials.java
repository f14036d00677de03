package dev.parley.gateway.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A SIP digest identity of a tenant (tenant.yaml {@code sip.digest}, {@code sip.outbound.auth}, {@code sip.register}):
 * a username and a password that never sits in the repository. tenant.yaml names the variable that holds it
 * ({@code passwordEnv}), looked up in the gateway's configuration, which includes the environment.
 *
 * @param realm the realm we challenge with (inbound); null where the peer's challenge names it (outbound, REGISTER)
 */
public record SipCredentials(String username, String password, String realm) {
    private static final Logger LOG = Logger.getLogger(SipCredentials.class);

    /** Never the password: a tenant may be logged whole. */
    @Override
    public String toString() {
        return "SipCredentials[username=" + username + ", realm=" + realm + "]";
    }

    /**
     * Reads {@code username} and {@code passwordEnv} (and {@code realm} when {@code withRealm}) of block {@code n}
     * named {@code path}. Empty when absent, or when the variable is not set (logged: the feature is left out, as
     * dialogue-service leaves out an LLM whose key is missing); an error naming the field when malformed.
     */
    static Optional<SipCredentials> parse(JsonNode n, String path, boolean withRealm, String tenant,
                                          UnaryOperator<String> env) {
        if (n.isMissingNode() || n.isNull()) {
            return Optional.empty();
        }
        String username = n.path("username").asText("");
        String variable = n.path("passwordEnv").asText("");
        String realm = withRealm ? n.path("realm").asText("") : null;
        if (username.isBlank() || variable.isBlank() || withRealm && realm.isBlank()) {
            throw new IllegalArgumentException(path + " needs username and passwordEnv" + (withRealm ? " and realm" : "")
                    + " (the name of the environment variable holding the password, not the password)");
        }
        if (n.has("password")) {
            throw new IllegalArgumentException(path + ".password is not read: put the password in an environment "
                    + "variable and name it in " + path + ".passwordEnv");
        }
        String password = env.apply(variable);
        if (password == null || password.isEmpty()) {
            LOG.warnf("tenant %s: %s (%s.passwordEnv) is not set; %s is left out", tenant, variable, path, path);
            return Optional.empty();
        }
        return Optional.of(new SipCredentials(username, password, realm));
    }

    /** The gateway's configuration (environment, system properties, application.properties) by exact name. */
    static String configValue(String name) {
        return ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse(null);
    }
}

package dev.parley.gateway.transport.sip;

import dev.parley.gateway.transport.sip.register.SipRegistrations;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;
import java.util.TooManyListenersException;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;

/**
 * The gateway's SIP trunk endpoint: one JAIN-SIP (NIST) stack listening on UDP and TCP at {@code parley.sip.port},
 * handing every request to {@link SipDispatcher}. Started with the gateway; stopped after the drain (which has
 * already ended its calls with BYE) and after our carrier registrations are removed, so no call outlives the stack.
 */
@Singleton
public class SipServer {
    private static final Logger LOG = Logger.getLogger(SipServer.class);

    private final SipConfig config;
    private final SipDispatcher dispatcher;
    private final SipRegistrations registrations;
    private SipStack stack;
    private volatile int port = -1;

    SipServer(SipConfig config, SipDispatcher dispatcher, SipRegistrations registrations) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.registrations = registrations;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("SIP trunk disabled (parley.sip.enabled=false)");
            return;
        }
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (stack != null) {
            dispatcher.hangUpAll();
            // Carriers would otherwise keep sending calls to this address until our binding expires.
            registrations.leaveAll(2_000);
            stack.stop();
            stack = null;
        }
    }

    /** The port SIP listens on, -1 when disabled. */
    public int port() {
        return port;
    }

    private void start() {
        int chosen = config.port() == 0 ? freePort(config.bindAddress()) : config.port();
        String advertised = config.advertisedAddress().filter(a -> !a.isBlank())
                .orElseGet(() -> defaultAdvertised(config.bindAddress()));
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            stack = factory.createSipStack(stackProperties());
            ListeningPoint udp = stack.createListeningPoint(config.bindAddress(), chosen, ListeningPoint.UDP);
            ListeningPoint tcp = stack.createListeningPoint(config.bindAddress(), chosen, ListeningPoint.TCP);
            SipProvider provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            SipMessages messages = new SipMessages(factory.createMessageFactory(), factory.createHeaderFactory(),
                    factory.createAddressFactory(), advertised, chosen);
            dispatcher.attach(provider, messages);
            provider.addSipListener(dispatcher);
            port = chosen;
            LOG.infof("SIP trunk listening on %s:%d (UDP, TCP), advertised as %s; RTP ports %d-%d",
                    config.bindAddress(), chosen, advertised, config.rtpPortMin(), config.rtpPortMax());
        } catch (SipException | TooManyListenersException
                 | javax.sip.InvalidArgumentException e) {
            throw new IllegalStateException("cannot start the SIP trunk on " + config.bindAddress() + ":" + chosen
                    + " (parley.sip.*): " + e.getMessage(), e);
        }
    }

    private static Properties stackProperties() {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "parley-media-gateway");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", SipStackLog.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", SipStackLog.class.getName());
        // Requests are handed to the call's own context at once; the stack's threads never wait on a call.
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
        // A peer that sends garbage gets no answer rather than a stack trace in our log.
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        // A TCP peer cannot make us buffer an endless message: SIP signalling, SDP included, fits in a few KB.
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "32768");
        return p;
    }

    /** A port free for both UDP and TCP on the bind address (tests ask for port 0). */
    private static int freePort(String bind) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(InetAddress.getByName(bind), 0));
                int candidate = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(bind),
                        candidate))) {
                    return candidate;
                } catch (IOException taken) {
                    // UDP side in use: try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on " + bind);
    }

    private static String defaultAdvertised(String bind) {
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
            return bind;
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (IOException e) {
            return "127.0.0.1";
        }
    }
}

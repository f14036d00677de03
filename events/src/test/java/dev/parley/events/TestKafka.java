package dev.parley.events;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.net.InetSocketAddress;

/**
 * A real single-node KRaft broker in this JVM, reached by clients only through a {@link TcpProxy} so tests can
 * take it out of reach and bring it back on the same address. Public, in this module's test jar, for the tests of
 * modules that publish through the real publisher (the consumer example).
 */
public final class TestKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final TcpProxy proxy;

    private TestKafka(KafkaClusterTestKit cluster, TcpProxy proxy) {
        this.cluster = cluster;
        this.proxy = proxy;
    }

    public static TestKafka start() throws Exception {
        TcpProxy proxy = new TcpProxy(TcpProxy.freePort());
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("advertised.listeners", "EXTERNAL://localhost:" + proxy.port())
                // One broker: consumer groups (the consumer example's) need their offsets topic on it.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        String[] hostPort = cluster.bootstrapServers().split(",")[0].split(":");
        proxy.forwardTo(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
        proxy.start();
        return new TestKafka(cluster, proxy);
    }

    /** Where clients reach the broker (through the proxy). */
    public String bootstrapServers() {
        return "localhost:" + proxy.port();
    }

    TcpProxy proxy() {
        return proxy;
    }

    @Override
    public void close() throws Exception {
        proxy.close();
        cluster.close();
    }
}

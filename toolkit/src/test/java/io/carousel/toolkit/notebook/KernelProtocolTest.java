package io.carousel.toolkit.notebook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * The kernel on the wire, as Jupyter talks to it: a request signed with the connection file's key is answered; a
 * request with a wrong signature is refused, neither run nor answered. (After refusing one, basekernel's shell loop
 * stops, so the kernel must be restarted: a limit the README states.)
 */
class KernelProtocolTest {

    static final String KEY = "a0436f6c-1916-498b-8eb9-e81ab9368e84";

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static ZMsg request(String key, String type, String content) throws Exception {
        String header = "{\"msg_id\":\"" + UUID.randomUUID() + "\",\"username\":\"test\",\"session\":\"s1\","
                + "\"date\":\"2026-11-22T12:00:00.000Z\",\"msg_type\":\"" + type + "\",\"version\":\"5.3\"}";
        String[] parts = {header, "{}", "{}", content};
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (String p : parts) {
            mac.update(p.getBytes(StandardCharsets.UTF_8));
        }
        ZMsg msg = new ZMsg();
        msg.add("<IDS|MSG>");
        msg.add(HexFormat.of().formatHex(mac.doFinal()));
        for (String p : parts) {
            msg.add(p);
        }
        return msg;
    }

    /** A kernel listening on loopback ports of its own. */
    static JupyterConnection kernel(KernelConnectionProperties props) throws Exception {
        JupyterConnection connection = new JupyterConnection(props);
        new JavaKernel().becomeHandlerForConnection(connection);
        connection.connect();
        return connection;
    }

    static KernelConnectionProperties properties() throws Exception {
        return new KernelConnectionProperties("127.0.0.1", freePort(), freePort(), freePort(), freePort(),
                freePort(), "tcp", "hmac-sha256", KEY);
    }

    @Test
    void aSignedRequestIsAnswered() throws Exception {
        KernelConnectionProperties props = properties();
        JupyterConnection connection = kernel(props);
        try (ZContext context = new ZContext()) {
            ZMQ.Socket shell = context.createSocket(SocketType.DEALER);
            shell.setReceiveTimeOut(10_000);
            shell.connect("tcp://127.0.0.1:" + props.getShellPort());
            request(KEY, "kernel_info_request", "{}").send(shell);
            ZMsg reply = ZMsg.recvMsg(shell);
            assertNotNull(reply, "a signed request is answered");
            String all = String.join("\n", reply.stream().map(f -> f.getString(StandardCharsets.UTF_8)).toList());
            assertTrue(all.contains("kernel_info_reply") && all.contains("\"name\":\"java\""), all);
        } finally {
            connection.close();
        }
    }

    @Test
    void aForgedRequestIsNeitherRunNorAnswered(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path marker = tmp.resolve("ran");
        KernelConnectionProperties props = properties();
        JupyterConnection connection = kernel(props);
        try (ZContext context = new ZContext()) {
            ZMQ.Socket shell = context.createSocket(SocketType.DEALER);
            shell.setReceiveTimeOut(3000);
            shell.connect("tcp://127.0.0.1:" + props.getShellPort());
            String code = "java.nio.file.Files.writeString(java.nio.file.Path.of(\\\"" + marker + "\\\"), \\\"x\\\");";
            request("not-the-key", "execute_request", "{\"code\":\"" + code + "\",\"silent\":false,"
                    + "\"store_history\":true,\"user_expressions\":{},\"allow_stdin\":false,\"stop_on_error\":true}")
                    .send(shell);
            assertNull(ZMsg.recvMsg(shell), "a request with a forged signature gets no reply");
            assertFalse(java.nio.file.Files.exists(marker), "and its code does not run");
        } finally {
            connection.close();
        }
    }
}

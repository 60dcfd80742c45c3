package rootzone.cli.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rootzone.cli.http.CoordinationOption;
import rootzone.cli.http.ServiceClient;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.coordination.model.sign.EventJson;
import rootzone.coordination.model.sign.EventSignatures;
import rootzone.events.Contact;
import rootzone.events.ContactKind;
import rootzone.events.OperatorChanged;
import rootzone.events.PartyRole;

@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "The operator directory: parties, their contacts and the keys that sign their notices.",
        subcommands = {OperatorCommand.Keygen.class, OperatorCommand.Register.class, OperatorCommand.Update.class,
                OperatorCommand.Show.class, OperatorCommand.ListCmd.class})
public final class OperatorCommand {

    @Command(name = "keygen", description = "Generate an Ed25519 key pair: PREFIX.key (private, mode 600) and PREFIX.pub.")
    static final class Keygen implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PREFIX") Path prefix;

        @Override
        public Integer call() throws Exception {
            KeyPair k = Ed25519Keys.generate();
            Path priv = Path.of(prefix + ".key");
            Files.writeString(priv, Ed25519Keys.toBase64(k.getPrivate()) + "\n");
            try {
                Files.setPosixFilePermissions(priv, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(Path.of(prefix + ".pub"), Ed25519Keys.toBase64(k.getPublic()) + "\n");
            spec.commandLine().getOut().println("wrote " + priv + " and " + prefix + ".pub");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** The full new entry, signed by --signer with --signer-key. */
    abstract static class Change implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin CoordinationOption coordination;
        @Parameters(index = "0", paramLabel = "OPERATOR-ID") String id;
        @Option(names = "--name", required = true) String name;
        @Option(names = "--role", defaultValue = "ROOT_SERVER_OPERATOR", description = "ZONE_MAINTAINER or ROOT_SERVER_OPERATOR") PartyRole role;
        @Option(names = "--server", description = "Served name, e.g. m.root-servers.net.") List<String> servers = new ArrayList<>();
        @Option(names = "--contact", description = "KIND|NAME|ROLE|EMAIL[|PHONE[|PUBLIC-KEY]], KIND OPERATIONAL or ADMINISTRATIVE")
        List<String> contacts = new ArrayList<>();
        @Option(names = "--public-key", required = true, description = "The party's signing public key file (.pub).") Path publicKey;
        @Option(names = "--signer", required = true, description = "Who signs: a zone maintainer, or the party itself") String signer;
        @Option(names = "--signer-key", required = true) Path signerKey;
        @Option(names = "--remove", description = "Remove the entry.") boolean remove;
        @Option(names = "--at", description = "When the change is issued, signed as its issuedAt (ISO-8601; default now); "
                + "more than 5 minutes from the service's clock only in import mode.") String at;

        @Override
        public Integer call() throws Exception {
            List<Contact> list = new ArrayList<>();
            for (String c : contacts) {
                String[] f = c.split("\\|", -1);
                if (f.length < 4) {
                    throw new IllegalArgumentException("--contact needs KIND|NAME|ROLE|EMAIL: " + c);
                }
                list.add(new Contact(ContactKind.valueOf(f[0]), f[1], f[2], f[3], f.length > 4 && !f[4].isEmpty() ? f[4] : null,
                        f.length > 5 && !f[5].isEmpty() ? f[5] : null));
            }
            PublicKey key = Ed25519Keys.publicKeyFromBase64(Files.readString(publicKey));
            OperatorChanged entry = new OperatorChanged(EventSignatures.unsignedEnvelope("OperatorChanged"), id, name, role,
                    servers, list, ByteBuffer.wrap(key.getEncoded()), remove, signer, ByteBuffer.allocate(0), IssueTime.of(at));
            OperatorChanged signed = EventSignatures.sign(entry, Ed25519Keys.privateKeyFromBase64(Files.readString(signerKey)));
            coordination.client().postJson("/operators", EventJson.toJson(signed));
            spec.commandLine().getOut().println("directory entry " + id + " written");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "register", description = "Add a party (signed by a zone maintainer; the first entry is the maintainer itself).")
    static final class Register extends Change {}

    @Command(name = "update", description = "Replace a party's entry (contacts, servers, key rotation) or --remove it.")
    static final class Update extends Change {}

    @Command(name = "show", description = "Show a party's entry and its history.")
    static final class Show extends CoordinationQuery {
        @Parameters(index = "0", paramLabel = "OPERATOR-ID") String id;

        @Override
        void run(ServiceClient coordination, PrintWriter out) {
            JsonNode r = coordination.getJson("/operators/" + id);
            print(out, r.path("current"));
            out.println("  history:");
            for (JsonNode h : r.path("history")) {
                out.printf("    %s signed by %s%s%n", h.path("changedAt").asText(), h.path("signerId").asText(),
                        h.path("removed").asBoolean() ? " (removed)" : "");
            }
        }
    }

    @Command(name = "list", description = "The directory now, or as it stood --at a time.")
    static final class ListCmd extends CoordinationQuery {
        @Option(names = "--at", description = "ISO-8601 time") String at;

        @Override
        void run(ServiceClient coordination, PrintWriter out) {
            for (JsonNode e : coordination.getJson("/operators" + (at == null ? "" : "?at=" + at))) {
                print(out, e);
            }
        }
    }

    static void print(PrintWriter out, JsonNode e) {
        out.printf("%s  %s  %s  %s%n", e.path("operatorId").asText(), e.path("name").asText(), e.path("role").asText(),
                e.path("servers").toString());
        for (JsonNode c : e.path("contacts")) {
            out.printf("    %-14s %s (%s) <%s> %s%n", c.path("kind").asText(), c.path("name").asText(), c.path("role").asText(),
                    c.path("email").asText(), c.path("phone").asText(""));
        }
    }
}

package rootzone.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A git bundle (gitformat-bundle(5)) read in process, without cloning it: the same versions, capture
 * times, order and warnings as {@link GitArchive} gives for its clone, for the bundles it handles: a
 * self-contained pack (no prerequisites, no thin deltas) and a linear history (every commit has at most
 * one parent, so {@code git log --reverse --topo-order} is the first-parent chain). Anything else is
 * left to {@link GitArchive#fromBundle}.
 *
 * <p>Cloning the history bundle cost ~10 s of CPU (index-pack hashes all 2.4 GB of texts with
 * collision detection); here the ids are plain SHA-1 (~1.5 s) and the texts come out of the pack's
 * deltas in memory, with no child process and no pipe.
 */
final class BundleArchive extends ListedArchive {

    /** Largest bundle read in memory; a larger one is cloned. */
    static final long MAX_BYTES = 256L << 20;
    /** Resolved texts kept as delta bases: ~100 root zones, more than a delta chain of git's default depth (50). */
    private static final long CACHE_BYTES = 128L << 20;

    private final GitPack pack;

    private BundleArchive(GitPack pack, List<ArchiveEntry> entries, List<String> warnings) {
        super(entries, warnings);
        this.pack = pack;
    }

    /** Opens the bundle, or throws Unsupported for a bundle this reader leaves to git. */
    static BundleArchive open(Path bundle, String fileInRepo) throws ArchiveException, GitPack.Unsupported {
        byte[] data;
        try {
            if (Files.size(bundle) > MAX_BYTES) {
                throw new GitPack.Unsupported("a bundle of more than " + MAX_BYTES + " bytes");
            }
            data = Files.readAllBytes(bundle);
        } catch (IOException e) {
            throw new ArchiveException(bundle + ": " + e.getMessage(), e);
        }
        Map<String, String> refs = new LinkedHashMap<>();
        int at = header(data, refs, bundle);
        GitPack pack = GitPack.parse(data, at, CACHE_BYTES);
        String tip = tip(refs, bundle);
        String file = fileInRepo != null ? fileInRepo : onlyFile(pack, tip, bundle);

        // The first-parent chain from the tip, oldest first (git log --reverse --topo-order of a linear history).
        List<String> commits = new ArrayList<>();
        List<Instant> dates = new ArrayList<>();
        for (String c = tip; c != null; ) {
            if (commits.size() > 10_000_000) {
                throw new ArchiveException(bundle + ": history too long");
            }
            Commit parsed = commit(pack, c, bundle);
            commits.add(c);
            dates.add(parsed.committedAt);
            if (parsed.parents.size() > 1) {
                throw new GitPack.Unsupported("a history with merges");
            }
            c = parsed.parents.isEmpty() ? null : parsed.parents.get(0);
        }
        java.util.Collections.reverse(commits);
        java.util.Collections.reverse(dates);

        List<ArchiveEntry> found = new ArrayList<>(commits.size());
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < commits.size(); i++) {
            String commit = commits.get(i);
            String blob = blobAt(pack, commit(pack, commit, bundle).tree, file, bundle);
            if (blob == null) {
                warnings.add("commit " + commit + " has no " + file + ": skipped");
                continue;
            }
            long serial = SoaSerial.of(new ByteArrayInputStream(pack.read(blob)), "commit " + commit + ":" + file);
            found.add(new ArchiveEntry(serial, dates.get(i), blob, "commit " + commit));
        }
        if (found.isEmpty()) {
            throw new ArchiveException(bundle + ": no commit holds " + file);
        }
        // Same blob id, same bytes: a commit that did not touch the zone file is not a new version.
        List<ArchiveEntry> sorted = SerialOrder.sort(found, (a, b) -> a.ref().equals(b.ref()));
        return new BundleArchive(pack, sorted, List.copyOf(warnings));
    }

    /** Reads the header (signature, prerequisites, refs) and returns where the pack starts. */
    private static int header(byte[] data, Map<String, String> refs, Path bundle) throws ArchiveException, GitPack.Unsupported {
        int at = 0;
        boolean first = true;
        while (true) {
            int end = at;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            if (end == data.length) {
                throw new ArchiveException(bundle + ": a git bundle header without its end");
            }
            String line = new String(data, at, end - at, StandardCharsets.UTF_8);
            at = end + 1;
            if (first) {
                if (!line.equals("# v2 git bundle")) {
                    throw new GitPack.Unsupported("bundle format '" + line + "'");
                }
                first = false;
                continue;
            }
            if (line.isEmpty()) {
                return at;
            }
            if (line.startsWith("-")) {
                throw new GitPack.Unsupported("a bundle with prerequisites");
            }
            int space = line.indexOf(' ');
            if (space != 40 || !line.substring(0, 40).matches("[0-9a-f]{40}")) {
                throw new ArchiveException(bundle + ": bad bundle ref line '" + line + "'");
            }
            refs.put(line.substring(space + 1), line.substring(0, 40));
        }
    }

    /** HEAD, or the only branch when the bundle names no HEAD (as {@link GitArchive} does for a clone). */
    private static String tip(Map<String, String> refs, Path bundle) throws ArchiveException {
        if (refs.containsKey("HEAD")) {
            return refs.get("HEAD");
        }
        List<String> branches = refs.keySet().stream().filter(r -> r.startsWith("refs/heads/")).toList();
        if (branches.size() != 1) {
            throw new ArchiveException(bundle + ": HEAD names no commit and there are " + branches.size() + " branches");
        }
        return refs.get(branches.get(0));
    }

    private record Commit(String tree, List<String> parents, Instant committedAt) {}

    private static Commit commit(GitPack pack, String id, Path bundle) throws ArchiveException {
        if (pack.typeOf(id) != GitPack.COMMIT) {
            throw new ArchiveException(bundle + ": commit " + id + " is not in the bundle");
        }
        String text = new String(pack.read(id), StandardCharsets.UTF_8);
        String tree = null;
        List<String> parents = new ArrayList<>(1);
        Instant committed = null;
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                break; // the message follows
            }
            if (line.startsWith("tree ")) {
                tree = line.substring(5).strip();
            } else if (line.startsWith("parent ")) {
                parents.add(line.substring(7).strip());
            } else if (line.startsWith("committer ")) {
                // committer NAME <EMAIL> SECONDS ZONE
                String[] f = line.substring(line.lastIndexOf('>') + 1).strip().split(" ");
                committed = Instant.ofEpochSecond(Long.parseLong(f[0]));
            }
        }
        if (tree == null || committed == null) {
            throw new ArchiveException(bundle + ": commit " + id + " has no tree or committer");
        }
        return new Commit(tree, parents, committed);
    }

    /** The blob id at {@code path} in the tree, or null when there is none (or it is not a file). */
    private static String blobAt(GitPack pack, String tree, String path, Path bundle) throws ArchiveException {
        String[] parts = path.split("/");
        String current = tree;
        for (int i = 0; i < parts.length; i++) {
            Map<String, String[]> entries = treeEntries(pack, current, bundle);
            String[] e = entries.get(parts[i]);
            if (e == null) {
                return null;
            }
            boolean last = i == parts.length - 1;
            boolean isTree = e[0].equals("40000");
            if (last) {
                return !isTree && pack.typeOf(e[1]) == GitPack.BLOB ? e[1] : null;
            }
            if (!isTree) {
                return null;
            }
            current = e[1];
        }
        return null;
    }

    /** name -> {mode, id} of a tree. */
    private static Map<String, String[]> treeEntries(GitPack pack, String tree, Path bundle) throws ArchiveException {
        byte[] b = pack.typeOf(tree) == GitPack.TREE ? pack.read(tree) : null;
        if (b == null) {
            throw new ArchiveException(bundle + ": tree " + tree + " is not in the bundle");
        }
        Map<String, String[]> out = new LinkedHashMap<>();
        int at = 0;
        while (at < b.length) {
            int space = at;
            while (space < b.length && b[space] != ' ') {
                space++;
            }
            int nul = space;
            while (nul < b.length && b[nul] != 0) {
                nul++;
            }
            if (nul + 21 > b.length) {
                throw new ArchiveException(bundle + ": tree " + tree + " is damaged");
            }
            String mode = new String(b, at, space - at, StandardCharsets.US_ASCII);
            String name = new String(b, space + 1, nul - space - 1, StandardCharsets.UTF_8);
            out.put(name, new String[] {mode, HexFormat.of().formatHex(b, nul + 1, nul + 21)});
            at = nul + 21;
        }
        return out;
    }

    /** The one file at the tip (as {@code git ls-tree -r --name-only}), or an error naming how many there are. */
    private static String onlyFile(GitPack pack, String tip, Path bundle) throws ArchiveException {
        List<String> files = new ArrayList<>();
        listFiles(pack, commit(pack, tip, bundle).tree, "", files, bundle, 0);
        if (files.size() != 1) {
            throw new ArchiveException(bundle + ": " + tip + " holds " + files.size() + " files; name the zone file to import");
        }
        return files.get(0);
    }

    private static void listFiles(GitPack pack, String tree, String prefix, List<String> out, Path bundle, int depth)
            throws ArchiveException {
        if (depth > 64) {
            throw new ArchiveException(bundle + ": trees nested too deep");
        }
        for (Map.Entry<String, String[]> e : treeEntries(pack, tree, bundle).entrySet()) {
            if (e.getValue()[0].equals("40000")) {
                listFiles(pack, e.getValue()[1], prefix + e.getKey() + "/", out, bundle, depth + 1);
            } else {
                out.add(prefix + e.getKey());
            }
        }
    }

    @Override
    public void read(List<ArchiveEntry> which, VersionHandler handler) throws Exception {
        for (ArchiveEntry e : which) {
            byte[] text = pack.read(e.ref());
            if (text == null) {
                throw new ArchiveException("blob " + e.ref() + " of " + e.origin() + " is not in the bundle");
            }
            // A copy: the pack's cache keeps its own as a delta base.
            handler.accept(e, text.clone());
        }
    }

    @Override
    public void close() {
        // everything is in memory
    }
}

// tlogcheck verifies rootzone's transparency-log artefacts with code that is not rootzone's:
// golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog (Debian's golang-golang-x-mod-dev)
// and Go's crypto/ed25519. Run offline:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run main.go CASES_FILE
//
// Each line of CASES_FILE is one check with the outcome the caller expects (ok or fail); paths are
// relative to the cases file's directory. The program prints one line per check and exits 1 when any
// check's outcome differs from the expectation.
//
//	note <expect> <note-file> <log-vkey-file>                  note.Open with note.NewVerifier
//	cosig <expect> <note-file> <witness-vkey-file>             tlog-cosignature/v1, crypto/ed25519
//	tiles <expect> <tile-dir> <size> <root-b64>                tlog.TileHashReader + tlog.TreeHash; every entry of the bundles hashes to its leaf
//	inclusion <expect> <index> <size> <entry-b64> <root-b64> <proof>    tlog.CheckRecord
//	consistency <expect> <m> <n> <root-m-b64> <root-n-b64> <proof>      tlog.CheckTree
//	sameproofs <expect> <tile-dir> <size> <root-b64> <index> <m> <inclusion-proof> <consistency-proof>
//	                                                           tlog.ProveRecord / ProveTree from the tiles equal the given proofs
//	bundle <expect> <bundle-file> <log-vkey-file> <entry-b64>  c2sp.org/tlog-proof@v1: note.Open, tlog.CheckRecord
//	signer <expect> <skey-file> <vkey-file>                    note.NewSigner on our signer key text signs a note note.Open verifies with our vkey
//
// A <proof> is base64 hashes joined by commas, or "-" for none.
package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: tlogcheck CASES_FILE")
		os.Exit(2)
	}
	casesFile := os.Args[1]
	dir := filepath.Dir(casesFile)
	f, err := os.Open(casesFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	mismatches, total := 0, 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 {
			fmt.Fprintln(os.Stderr, "bad case line:", line)
			os.Exit(2)
		}
		total++
		err := check(dir, fields[0], fields[2:])
		got := "ok"
		if err != nil {
			got = "fail"
		}
		verdict := "AS EXPECTED"
		if got != fields[1] {
			verdict = "MISMATCH"
			mismatches++
		}
		detail := ""
		if err != nil {
			detail = ": " + err.Error()
		}
		fmt.Printf("%s %s (expected %s, got %s%s)\n", verdict, short(line), fields[1], got, detail)
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Printf("checked %d cases, %d mismatches\n", total, mismatches)
	if mismatches > 0 {
		os.Exit(1)
	}
}

func short(s string) string {
	if len(s) > 120 {
		return s[:120] + "..."
	}
	return s
}

func check(dir, kind string, a []string) error {
	switch kind {
	case "note":
		return checkNote(read(dir, a[0]), strings.TrimSpace(string(read(dir, a[1]))))
	case "cosig":
		return checkCosig(read(dir, a[0]), strings.TrimSpace(string(read(dir, a[1]))))
	case "tiles":
		return checkTiles(filepath.Join(dir, a[0]), num(a[1]), hash(a[2]))
	case "inclusion":
		return tlog.CheckRecord(proof(a[4]), num(a[1]), hash(a[3]), num(a[0]), tlog.RecordHash(b64(a[2])))
	case "consistency":
		// CheckTree(p, t, th, n, h): the tree of size t with hash th contains the tree of size n with hash h.
		return tlog.CheckTree(proof(a[4]), num(a[1]), hash(a[3]), num(a[0]), hash(a[2]))
	case "sameproofs":
		return checkSameProofs(filepath.Join(dir, a[0]), num(a[1]), hash(a[2]), num(a[3]), num(a[4]), proof(a[5]), proof(a[6]))
	case "signer":
		return checkSigner(strings.TrimSpace(string(read(dir, a[0]))), strings.TrimSpace(string(read(dir, a[1]))))
	case "bundle":
		return checkBundle(read(dir, a[0]), strings.TrimSpace(string(read(dir, a[1]))), b64(a[2]))
	}
	return fmt.Errorf("unknown check %q", kind)
}

func checkNote(msg []byte, vkey string) error {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return err
	}
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return err
	}
	_, _, err = parseCheckpoint(n.Text)
	return err
}

// checkCosig verifies the witness's cosignature line in the note with crypto/ed25519, computing the
// key ID and the signed message as tlog-cosignature specifies.
func checkCosig(msg []byte, vkey string) error {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		return errors.New("bad vkey")
	}
	name := parts[0]
	material, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(material) != 33 || material[0] != 0x04 {
		return errors.New("not a type 0x04 Ed25519 cosigner vkey")
	}
	pub := ed25519.PublicKey(material[1:])
	h := sha256.Sum256(append([]byte(name+"\n"), material...))
	if fmt.Sprintf("%08x", h[:4]) != parts[1] {
		return errors.New("vkey key ID does not match")
	}
	split := bytes.LastIndex(msg, []byte("\n\n"))
	if split < 0 {
		return errors.New("malformed note")
	}
	body := msg[:split+1]
	for _, line := range strings.Split(strings.TrimSuffix(string(msg[split+2:]), "\n"), "\n") {
		if !strings.HasPrefix(line, "\u2014 "+name+" ") {
			continue
		}
		sig, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(line, "\u2014 "+name+" "))
		if err != nil || len(sig) != 4+8+64 || !bytes.Equal(sig[:4], h[:4]) {
			continue
		}
		ts := binary.BigEndian.Uint64(sig[4:12])
		signed := append([]byte(fmt.Sprintf("cosignature/v1\ntime %d\n", ts)), body...)
		if ed25519.Verify(pub, signed, sig[12:]) {
			return nil
		}
		return errors.New("cosignature does not verify")
	}
	return errors.New("no cosignature line of " + name)
}

// c2spTiles reads tiles laid out by C2SP tlog-tiles: x/mod's tile paths carry the height
// (tile/8/L/N), C2SP's do not (tile/L/N).
type c2spTiles struct{ dir string }

func (r c2spTiles) Height() int { return 8 }

func (r c2spTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		p := c2spPath(t)
		data, err := os.ReadFile(filepath.Join(r.dir, p))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (r c2spTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func c2spPath(t tlog.Tile) string {
	p := t.Path() // tile/8/L/N[.p/W] or tile/8/data/N[.p/W]
	p = strings.Replace(p, "tile/8/", "tile/", 1)
	return strings.Replace(p, "tile/data/", "tile/entries/", 1)
}

func checkTiles(dir string, size int64, root tlog.Hash) error {
	tree := tlog.Tree{N: size, Hash: root}
	hr := tlog.TileHashReader(tree, c2spTiles{dir})
	th, err := tlog.TreeHash(size, hr)
	if err != nil {
		return err
	}
	if th != root {
		return errors.New("tree hash from the tiles differs from the checkpoint's root")
	}
	// Every entry in the bundles hashes to the leaf the tiles hold.
	var indexes []int64
	var entries [][]byte
	for start := int64(0); start < size; start += 256 {
		w := size - start
		if w > 256 {
			w = 256
		}
		t := tlog.Tile{H: 8, L: -1, N: start / 256, W: int(w)}
		data, err := os.ReadFile(filepath.Join(dir, c2spPath(t)))
		if err != nil {
			return err
		}
		for len(data) > 0 {
			if len(data) < 2 {
				return errors.New("truncated entry bundle")
			}
			n := int(binary.BigEndian.Uint16(data))
			if len(data) < 2+n {
				return errors.New("truncated entry")
			}
			entries = append(entries, data[2:2+n])
			indexes = append(indexes, tlog.StoredHashIndex(0, int64(len(entries)-1)))
			data = data[2+n:]
		}
		if int64(len(entries)) != start+w {
			return fmt.Errorf("bundle %d holds %d entries, expected %d", start/256, int64(len(entries))-start, w)
		}
	}
	leaves, err := hr.ReadHashes(indexes)
	if err != nil {
		return err
	}
	for i, e := range entries {
		if tlog.RecordHash(e) != leaves[i] {
			return fmt.Errorf("entry %d does not hash to its leaf", i)
		}
	}
	return nil
}

func checkSameProofs(dir string, size int64, root tlog.Hash, index, m int64, inclusion, consistency []tlog.Hash) error {
	hr := tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, c2spTiles{dir})
	rp, err := tlog.ProveRecord(size, index, hr)
	if err != nil {
		return err
	}
	if !sameHashes(rp, inclusion) {
		return errors.New("inclusion proof differs from x/mod's")
	}
	tp, err := tlog.ProveTree(size, m, hr)
	if err != nil {
		return err
	}
	if !sameHashes(tp, consistency) {
		return errors.New("consistency proof differs from x/mod's")
	}
	return nil
}

func checkSigner(skey, vkey string) error {
	s, err := note.NewSigner(skey)
	if err != nil {
		return err
	}
	msg, err := note.Sign(&note.Note{Text: "rootzone.test/log/root\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"}, s)
	if err != nil {
		return err
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return err
	}
	_, err = note.Open(msg, note.VerifierList(v))
	return err
}

func checkBundle(bundle []byte, vkey string, entry []byte) error {
	text := string(bundle)
	split := strings.Index(text, "\n\n")
	if !strings.HasPrefix(text, "c2sp.org/tlog-proof@v1\n") || split < 0 {
		return errors.New("not a tlog-proof@v1 bundle")
	}
	lines := strings.Split(text[:split], "\n")[1:]
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		lines = lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		return errors.New("no index line")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "index "), 10, 64)
	if err != nil {
		return err
	}
	var p tlog.RecordProof
	for _, l := range lines[1:] {
		h, err := tlog.ParseHash(l)
		if err != nil {
			return err
		}
		p = append(p, h)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return err
	}
	n, err := note.Open([]byte(text[split+2:]), note.VerifierList(v))
	if err != nil {
		return err
	}
	size, root, err := parseCheckpoint(n.Text)
	if err != nil {
		return err
	}
	return tlog.CheckRecord(p, size, root, index, tlog.RecordHash(entry))
}

func parseCheckpoint(text string) (int64, tlog.Hash, error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 {
		return 0, tlog.Hash{}, errors.New("checkpoint has fewer than three lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return 0, tlog.Hash{}, errors.New("bad checkpoint size")
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		return 0, tlog.Hash{}, err
	}
	return size, root, nil
}

func sameHashes(a, b []tlog.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func read(dir, name string) []byte {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	return data
}

func num(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad number", s)
		os.Exit(2)
	}
	return n
}

func b64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad base64", s)
		os.Exit(2)
	}
	return b
}

func hash(s string) tlog.Hash {
	h, err := tlog.ParseHash(s)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad hash", s)
		os.Exit(2)
	}
	return h
}

func proof(s string) []tlog.Hash {
	if s == "-" {
		return nil
	}
	var p []tlog.Hash
	for _, part := range strings.Split(s, ",") {
		p = append(p, hash(part))
	}
	return p
}

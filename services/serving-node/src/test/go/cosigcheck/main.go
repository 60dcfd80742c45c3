// cosigcheck verifies C2SP tlog-cosignature/v1 signatures with Go's standard crypto/ed25519,
// independently of rootzone's Java code: for each case file line
//
//	<ok|fail> <vkey> <checkpoint-body-file> <base64 signature (keyID || timestamp || ed25519)>
//
// it parses the note verifier key (name+keyID+base64(0x04 || key)), checks the key ID
// (SHA-256(name || "\n" || 0x04 || key)[:4]) and the signature over
// "cosignature/v1\ntime <t>\n" || body, and compares the outcome with the expected one.
// Standard library only: runs offline with GO111MODULE=off.
package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func verify(vkey string, body []byte, sig string) error {
	parts := strings.SplitN(vkey, "+", 3) // as note.NewVerifier: the key's base64 may hold "+"
	if len(parts) != 3 {
		return fmt.Errorf("vkey %q: not name+hash+key", vkey)
	}
	name := parts[0]
	key, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(key) != 33 || key[0] != 0x04 {
		return fmt.Errorf("vkey %q: not a type 0x04 Ed25519 key", vkey)
	}
	h := sha256.Sum256(append([]byte(name+"\n"), key...))
	if fmt.Sprintf("%08x", h[:4]) != parts[1] {
		return fmt.Errorf("vkey %q: key ID %s does not match %x", vkey, parts[1], h[:4])
	}
	raw, err := base64.StdEncoding.DecodeString(sig)
	if err != nil || len(raw) != 4+8+64 {
		return fmt.Errorf("signature is not keyID||timestamp||ed25519 (%d bytes)", len(raw))
	}
	if !bytes.Equal(raw[:4], h[:4]) {
		return fmt.Errorf("signature by key ID %x, not %x", raw[:4], h[:4])
	}
	t := binary.BigEndian.Uint64(raw[4:12])
	msg := append([]byte("cosignature/v1\ntime "+strconv.FormatUint(t, 10)+"\n"), body...)
	if !ed25519.Verify(ed25519.PublicKey(key[1:]), msg, raw[12:]) {
		return fmt.Errorf("ed25519 signature does not verify")
	}
	return nil
}

func main() {
	cases, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Println(err)
		os.Exit(2)
	}
	dir := filepath.Dir(os.Args[1])
	failed := 0
	n := 0
	s := bufio.NewScanner(cases)
	for s.Scan() {
		f := strings.Fields(s.Text())
		if len(f) != 4 {
			continue
		}
		n++
		body, err := os.ReadFile(filepath.Join(dir, f[2]))
		if err == nil {
			err = verify(f[1], body, f[3])
		}
		if (err == nil) != (f[0] == "ok") {
			failed++
			fmt.Printf("case %d: expected %s, got %v\n", n, f[0], err)
		}
	}
	fmt.Printf("%d cases, %d wrong\n", n, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

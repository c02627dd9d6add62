#!/usr/bin/python3
"""recover.py - decrypt a Breakglass Vault store file (format version 1) without the application.

Written from FORMAT.md alone; the "§" numbers below are its sections. Needs Python 3 and the Debian
packages python3-nacl and python3-argon2, nothing else.

  python3 recover.py STORE_FILE                print every secret in the store as one JSON document
  python3 recover.py --header-only STORE_FILE  print the header and fingerprint; no passphrase needed
  python3 recover.py --decode-share            decode one share (words or QR text, from stdin) and print it
  python3 recover.py --paper CHUNKS --out FILE  rebuild a store file from its paper backup (§13.4, §13.5):
      CHUNKS holds the QR texts one per line, in any order ("-" for stdin), e.g. from
      "zbarimg --raw -q page-*.png > CHUNKS"; FILE is written (mode 0600, never over an existing file)
      only when every chunk's CHECK and the whole file's SHA-256 match

A store opens with its passphrase or with k custodian shares (§12). The first line typed without echo, or
read from stdin when stdin is not a terminal, is the passphrase, or the first share if it starts with
"BGS1:" (QR text) or has 50 words or more (the 54 words, numbering allowed). Then the other shares follow,
one per line, until the threshold k is reached; an empty entry at the terminal means "no more shares".
The BIP-39 word list is read from bip39-english.txt beside this script.
Exit status: 0 done; 1 refused (one line on stderr: the code, what is wrong, what to do); 2 usage error.
"""
import base64, binascii, functools, getpass, hashlib, json, os, re, sys, unicodedata
from datetime import datetime, timezone

try:
    from argon2.exceptions import HashingError
    from argon2.low_level import Type, hash_secret_raw
    from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt as aead_open
    from nacl.exceptions import CryptoError
except ImportError as missing:
    sys.exit(f"recover.py: cannot import {missing.name}: install the Debian packages python3-nacl and python3-argon2")

USAGE = ("usage: recover.py [--header-only] STORE_FILE | recover.py --decode-share | "
         "recover.py --paper CHUNKS --out FILE   (passphrase or shares come from the terminal or stdin)")
MIB, MAGIC, KINDS, MAX_INT = 1 << 20, b"BRKGLASS", {1: "password-vault", 2: "mfa-seeds"}, 2 ** 53 - 1
LABEL = {"password-vault": "password vault", "mfa-seeds": "MFA seed store"}
ACTION = {  # §8 and §12.4: what the custodian does
    "FORMAT": "use another copy", "TRUNCATED": "use another copy", "AUTH": "check the passphrase (or shares) and retry",
    "KDF_PARAMS": "the file is damaged or hostile; use another copy",
    "INTEGRITY": "use another copy",
    "UNSUPPORTED_VERSION": "use the Breakglass release or the recover.py stored beside this file",
    "SHARE_CHECKSUM": "compare the words (or QR text) with the printed share and type it again",
    "FOREIGN_SHARE": "use a share of this store's current share set",
    "REVOKED_SHARE": "that share was retired by a rotation; use a share of the current set",
    "TAMPERED_SHARE": "that share was altered; use another custodian's share and report it",
    "DUPLICATE_SHARE": "give each custodian's share once",
    "QUORUM": "bring more custodians' shares",
    "WRONG_STORE": "scan only the pages of one paper backup (compare the footers)"}
WORD_LIST_SHA256 = "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"  # BIP-39 english.txt
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"  # trim()'s, as a regex class


class UsageError(Exception):
    pass


class Refused(Exception):
    def __init__(self, code, message):
        super().__init__(f"{code}: {message}; {ACTION[code]}")


def need(ok, code, message):
    if not ok:
        raise Refused(code, message)


class Fields:
    """Reads fields in order (§2.1, §2.2); a field that runs past `end` is TRUNCATED."""
    def __init__(self, data, pos, end, where):
        self.data, self.pos, self.end, self.where = data, pos, end, where

    def take(self, n, what):
        need(self.pos + n <= self.end, "TRUNCATED", f"the {what} runs past the end of the {self.where}")
        self.pos += n
        return self.data[self.pos - n:self.pos]

    def u(self, n, what):
        return int.from_bytes(self.take(n, what), "big")


def check_file(data):
    """§2.4 checks 1-11, in order: the container, without a key and without parsing the header fields."""
    n = len(data)
    need(n <= 16 * MIB + 512 * MIB + 64, "FORMAT", "the file is larger than any store can be")         # 1
    if n < 16:                                                                                          # 2
        raise Refused("TRUNCATED" if MAGIC.startswith(data[:8]) else "FORMAT", f"the file has only {n} bytes")
    need(data[:8] == MAGIC, "FORMAT", "this is not a Breakglass store (no BRKGLASS magic)")            # 3
    need(data[8] == 1, "UNSUPPORTED_VERSION", f"this store has format version {data[8]}; this script reads 1")  # 4
    need(data[9] in KINDS, "FORMAT", f"unknown store kind 0x{data[9]:02x}")                           # 5
    need(data[10:12] == b"\0\0", "FORMAT", "the reserved flags are not zero")
    h = int.from_bytes(data[12:16], "big")                                                              # 6
    need(81 <= h <= 16 * MIB, "INTEGRITY", f"INTEGRITY header: the header length {h} is impossible")
    need(n >= h + 64, "TRUNCATED", "the file is shorter than its header declares")                    # 7
    c = int.from_bytes(data[h - 4:h], "big")
    need(n >= h + c + 64, "TRUNCATED", "the file is shorter than its header declares")
    header, ciphertext = data[:h], data[h:h + c]
    need(hashlib.sha256(header).digest() == data[h + c:h + c + 32], "INTEGRITY",                      # 8
         "INTEGRITY header: the header does not match its SHA-256 checksum, so the header is damaged")
    need(n == h + c + 64, "FORMAT", "there are bytes after the end of the store")                     # 9
    need(16 <= c <= 512 * MIB, "FORMAT", f"the payload length {c} is out of bounds")                  # 10
    need(hashlib.sha256(ciphertext).digest() == data[h + c + 32:], "INTEGRITY",                       # 11
         "INTEGRITY payload: the payload does not match its SHA-256 checksum, so the payload is damaged")
    return header, ciphertext


def parse_header(header):
    """§2.4 check 12: every header field in order (§2.1, §2.2, §5); KDF bounds before any KDF work (§4.1)."""
    f, kind = Fields(header, 16, len(header) - 28, "header"), KINDS[header[9]]
    info = {"kind": kind, "setId": f.take(16, "vault-set id").hex(), "generation": f.u(4, "generation"), "slots": []}
    need(info["generation"] >= 1, "FORMAT", "the generation is 0")
    sealed = f.u(8, "sealed-at time")
    need(sealed <= 253402300799, "FORMAT", "the sealed-at time is after the year 9999")
    info["sealedAt"] = datetime.fromtimestamp(sealed, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    count = f.u(1, "slot count")
    need(count in (1, 2), "FORMAT", f"the slot count {count} is not 1 or 2")
    for index in range(count):
        slot_type, length = f.u(1, "slot type"), f.u(2, "slot length")
        body = Fields(f.take(length, "key slot"), 0, length, "key slot")
        if slot_type == 1:  # passphrase slot: every bound is checked here, long before Argon2 runs
            need(index == 0, "FORMAT", "the passphrase slot is not the first slot")
            need(body.u(1, "KDF id") == 1, "FORMAT", "the passphrase slot names an unknown KDF")
            m = body.u(4, "Argon2 memory")
            need(m <= 4194304, "KDF_PARAMS", f"Argon2 memory {m} KiB is above 4 GiB")
            t = body.u(4, "Argon2 iterations")
            need(1 <= t <= 64, "KDF_PARAMS", f"Argon2 iterations {t} are outside 1..64")
            p = body.u(1, "Argon2 parallelism")
            need(1 <= p <= 8, "KDF_PARAMS", f"Argon2 parallelism {p} is outside 1..8")
            need(m >= 8 * p, "KDF_PARAMS", f"Argon2 memory {m} KiB is below 8 x parallelism")
            need(m * t <= 8388608, "KDF_PARAMS", f"Argon2 memory x passes {m * t} KiB is above 8 GiB (4 x the strong profile)")
            s = body.u(1, "salt length")
            need(16 <= s <= 64, "KDF_PARAMS", f"the salt length {s} is outside 16..64")
            slot = {"type": "passphrase", "kdf": "argon2id", "memoryKiB": m, "iterations": t, "parallelism": p,
                    "saltLength": s, "salt": body.take(s, "salt")}
        elif slot_type == 2:  # shares slot (§4.2)
            need(all(s["type"] != "shares" for s in info["slots"]), "FORMAT", "there are two shares slots")
            slot = {"type": "shares", "shareSetId": body.take(16, "share-set id").hex(),
                    "threshold": body.u(1, "threshold"), "shareCount": body.u(1, "share count")}
            need(2 <= slot["threshold"] <= slot["shareCount"], "FORMAT", "the share threshold is out of bounds")
            commitments = body.take(32 * slot["shareCount"], "share commitments")
            slot["commitments"] = [commitments[at:at + 32] for at in range(0, len(commitments), 32)]
        else:
            raise Refused("FORMAT", f"unknown key slot type 0x{slot_type:02x}")
        slot["nonce"], slot["wrapped"] = body.take(24, "wrap nonce"), body.take(48, "wrapped data key")
        need(body.pos == length, "FORMAT", "a key slot has bytes left over")
        info["slots"].append(slot)
    revoked = [f.take(16, "revoked share-set id").hex() for _ in range(f.u(1, "revoked count"))]
    need(len(set(revoked)) == len(revoked), "FORMAT", "a revoked share-set id is listed twice")  # §5
    info["revokedShareSets"] = revoked
    public = f.take(f.u(4, "public document length"), "public document")
    need(f.pos == f.end, "FORMAT", "the header has bytes left over before the payload nonce")
    info["public"] = canonical_json(public, "public document")
    shares = [s["shareCount"] for s in info["slots"] if s["type"] == "shares"]
    check_public(kind, info["public"], shares[0] if shares else 0)
    return info, header[-28:-4]


def canonical_json(raw, what):
    """§2.3: parse, and refuse bytes that are not exactly the canonical encoding of the parsed value."""
    def no_repeats(pairs):
        need(len({k for k, _ in pairs}) == len(pairs), "FORMAT", f"the {what} repeats a key")
        return dict(pairs)

    def no_fraction(token):
        raise Refused("FORMAT", f"the {what} contains the number {token}, which is not an integer")

    def in_range(v):
        items = v.values() if isinstance(v, dict) else v if isinstance(v, list) else None
        return all(map(in_range, items)) if items is not None else type(v) is not int or abs(v) <= MAX_INT

    try:
        value = json.loads(raw.decode("utf-8"), object_pairs_hook=no_repeats, parse_float=no_fraction,
                           parse_constant=no_fraction)
        canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        need(canonical == raw and in_range(value), "FORMAT", f"the {what} is not canonical JSON")
    except (UnicodeError, ValueError, RecursionError):
        raise Refused("FORMAT", f"the {what} is not UTF-8 JSON") from None
    return value


# §3: the document schemas, as predicates on values. Unknown keys, missing keys, other values: [FORMAT].
def integer(lo, hi):
    return lambda v: type(v) is int and lo <= v <= hi


def one_of(*allowed):  # type-exact: true is not 1
    return lambda v: any(type(v) is type(a) and v == a for a in allowed)


def pattern(regex):  # \w and \d are ASCII-only, as in IAM's patterns
    return lambda v: isinstance(v, str) and re.fullmatch(regex, v, re.ASCII) is not None


def text(lo, hi, allowed_controls=""):  # §2.3: lo..hi characters (code points), NFC, no control characters
    return lambda v: (isinstance(v, str) and lo <= len(v) <= hi and unicodedata.normalize("NFC", v) == v and
                      all(ch in allowed_controls or unicodedata.category(ch) != "Cc" and ch not in "\u2028\u2029"
                          for ch in v))


def trimmed(v):  # §2.3: no leading or trailing white space as ECMAScript's trim() defines it
    return re.fullmatch(f"([^{JS_SPACE}](.*[^{JS_SPACE}])?)?", v, re.DOTALL) is not None


def label(lo, hi):  # §12.4: lo..hi characters, trimmed, inner white space single (never two in a row), NFC
    return lambda v: (isinstance(v, str) and lo <= len(v) <= hi and unicodedata.normalize("NFC", v) == v and
                      trimmed(v) and re.search(f"[{JS_SPACE}]{{2}}", v) is None)


def timestamp(v):  # §2.3: YYYY-MM-DDTHH:MM:SSZ, a real date and time
    try:
        return pattern(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")(v) and bool(datetime.strptime(v, "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        return False


ACCOUNT_ID, ANY_BOX = pattern(r"\d{12}"), lambda v: isinstance(v, dict)  # boxes are checked when opened
ACCOUNT = {"accountId": ACCOUNT_ID, "name": lambda v: text(1, 128)(v) and trimmed(v),
           "accountClass": one_of("management", "excluded"), "notes": text(0, 10000, "\n\t"),
           "email": lambda v: pattern(r"[^@\s]+@[^@\s]+\.[^@\s]+")(v) and len(v) <= 254,
           "password": ANY_BOX, "createdAt": timestamp, "updatedAt": timestamp}
DEVICE = {"id": pattern(r"[0-9a-f]{32}"), "name": pattern(r"[\w+=,.@-]{1,128}"), "enabledAt": timestamp,
          "createdAt": timestamp}
DEVICE_TYPES = {"virtual": {"type": one_of("virtual"), "serialArn": lambda v: isinstance(v, str),
                            "algorithm": one_of("SHA1", "SHA256", "SHA512"), "digits": one_of(6, 8),
                            "period": integer(10, 300)},
                "hardware-totp": {"type": one_of("hardware-totp"), "serial": text(1, 128), "location": text(1, 256)},
                "security-key": {"type": one_of("security-key"), "serial": text(1, 128), "location": text(1, 256)}}
CUSTODIAN = {"name": label(1, 128), "role": label(0, 128), "contact": label(0, 256), "issuedAt": timestamp,
             "shareIndex": lambda v: v is None or integer(1, 255)(v)}
OVERRIDE = {"at": timestamp, "reason": lambda v: isinstance(v, str) and 1 <= len(v) <= 1000 and
            unicodedata.normalize("NFC", v) == v,
            "custodians": lambda v: isinstance(v, list) and len(v) >= 1 and all(map(label(1, 128), v))}


def shape(ok, what):
    need(ok, "FORMAT", f"the {what} does not match its schema (FORMAT.md sections 3 and 12.4)")


def check(obj, schema, what):
    shape(isinstance(obj, dict) and set(obj) == set(schema) and all(ok(obj[k]) for k, ok in schema.items()), what)


def sorted_unique(values):
    return all(a < b for a, b in zip(values, values[1:]))


def check_public(kind, doc, share_count):
    """§3.2, §3.3: the public document; §12.4: its custodian register (n = share_count, 0 without a shares slot)."""
    lists = {"schema": one_of(1), "custodians": lambda v: isinstance(v, list),
             "overrides": lambda v: isinstance(v, list) and len(v) <= 64}
    check(doc, lists if kind == "password-vault" else lists | {"accounts": lambda v: isinstance(v, list)},
          "public document")
    for custodian in doc["custodians"]:
        check(custodian, CUSTODIAN, "custodian register entry")
    for override in doc["overrides"]:
        check(override, OVERRIDE, "segregation override")
    # share holders first, the i-th with index i, one per share; then passphrase holders (shareIndex null)
    indexes = [c["shareIndex"] for c in doc["custodians"]]
    shape(indexes == list(range(1, share_count + 1)) + [None] * (len(indexes) - share_count), "custodian register")
    if kind == "password-vault":
        return
    for account in doc["accounts"]:
        check(account, {"accountId": ACCOUNT_ID, "devices": lambda v: isinstance(v, list) and 1 <= len(v) <= 8},
              "public account entry")
        for d in account["devices"]:
            device_type = d.get("type") if isinstance(d, dict) and isinstance(d.get("type"), str) else ""
            check(d, DEVICE | DEVICE_TYPES.get(device_type, {"type": ANY_BOX}), f"MFA device of {account['accountId']}")
            shape(d.get("serialArn", "") in ("", f"arn:aws:iam::{account['accountId']}:mfa/{d['name']}"), "serialArn")
        shape(sorted_unique([d["name"] for d in account["devices"]]), f"device list of {account['accountId']}")
    ids = [d["id"] for a in doc["accounts"] for d in a["devices"]]
    shape(sorted_unique([a["accountId"] for a in doc["accounts"]]) and len(set(ids)) == len(ids), "account list")


def open_box(box, key, kind, set_id, entry):
    """§3.1: one secret box; the base64 must be the single canonical spelling of its bytes."""
    check(box, {"ct": pattern(r"[A-Za-z0-9+/]*={0,2}"), "nonce": pattern(r"[A-Za-z0-9+/]*={0,2}")}, f"box of {entry}")
    try:
        ct, nonce = base64.b64decode(box["ct"], validate=True), base64.b64decode(box["nonce"], validate=True)
    except ValueError:
        raise Refused("FORMAT", f"the secret box of {entry} is not valid base64") from None
    shape(base64.b64encode(ct).decode() == box["ct"] and base64.b64encode(nonce).decode() == box["nonce"]
          and len(nonce) == 24 and len(ct) >= 16, f"secret box of {entry}")
    try:
        return aead_open(ct, f"breakglass/v1/secret/{kind}/{set_id}/{entry}".encode(), nonce, key)
    except CryptoError:
        raise Refused("INTEGRITY", f"INTEGRITY payload: the secret box of {entry} does not authenticate; report "
                       "this authentication failure") from None


def open_payload(kind, set_id, doc, public, key):
    """§3.2 and §3.3: check the payload's schema, open every box, replace each by {"secret": ...}."""
    if kind == "password-vault":
        check(doc, {"schema": one_of(1), "accounts": lambda v: isinstance(v, list) and len(v) <= 100000}, "payload")
        for account in doc["accounts"]:
            # passwordStyle (FORMAT.md 3.2) is optional: stores written before it existed have none
            check(account, ACCOUNT | ({"passwordStyle": one_of("symbols", "unambiguous", "words")}
                                      if isinstance(account, dict) and "passwordStyle" in account else {}), "account entry")
            secret = open_box(account["password"], key, kind, set_id, account["accountId"])
            try:  # a password is the UTF-8 text of the box; its policy is never a reason to withhold it
                account["password"] = {"secret": secret.decode("utf-8")}
            except UnicodeError:
                raise Refused("FORMAT", f"the root password of {account['accountId']} is not UTF-8") from None
        shape(sorted_unique([a["accountId"] for a in doc["accounts"]]), "account list")
    else:  # exactly one box per virtual device; a seed prints as unpadded upper-case base32 (RFC 4648)
        virtual = {d["id"] for a in public["accounts"] for d in a["devices"] if d["type"] == "virtual"}
        check(doc, {"schema": one_of(1), "seeds": lambda v: isinstance(v, dict) and set(v) == virtual}, "payload")
        for device_id, box in doc["seeds"].items():
            seed = open_box(box, key, kind, set_id, device_id)
            shape(16 <= len(seed) <= 128, f"seed of device {device_id}")
            doc["seeds"][device_id] = {"secret": base64.b32encode(seed).decode().rstrip("=")}
    return doc


@functools.cache
def load_words():
    """§12.3: the BIP-39 English list (abandon = 0 ... zoo = 2047); a typed word is known by its first 4 letters."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bip39-english.txt")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(1 << 16)
    except OSError as error:
        sys.exit(f"recover.py: cannot read the word list {path} ({error.strerror}); copy bip39-english.txt from "
                 "the drive next to recover.py")
    words = raw.decode("ascii", "replace").split()
    prefixes = {word[:4]: value for value, word in enumerate(words)}
    damage = (f"it has {len(words)} words, not 2048" if len(words) != 2048 else
              "two words share their first four letters" if len(prefixes) != 2048 else
              "its SHA-256 is not that of the BIP-39 English list" if
              hashlib.sha256(raw).hexdigest() != WORD_LIST_SHA256 else None)
    if damage:
        sys.exit(f"recover.py: the word list {path} is damaged ({damage}); copy bip39-english.txt from another drive")
    return words, prefixes


def word_checksum(data):
    """§12.3: S1 (12 bits) || S2 (12 bits) || first 9 bits of SHA-256(words as u16) = 33 bits, 3 words."""
    s1, s2 = sum(data) % 2053, sum(i * w for i, w in enumerate(data, 1)) % 2053
    h = int.from_bytes(hashlib.sha256(b"".join(w.to_bytes(2, "big") for w in data)).digest()[:2], "big") >> 7
    return s1 << 21 | s2 << 9 | h


def words_fit(w):
    """The 3 checksum words match the 51 data words, whose last bit (the padding bit) is zero."""
    claimed = w[51] << 22 | w[52] << 11 | w[53]
    return w[50] & 1 == 0 and sum(w[:51]) % 2053 == claimed >> 21 and word_checksum(w[:51]) == claimed


def likely_fix(w, names, positions):
    """§12.3 SHOULD: the one single-word substitution (at `positions`) or adjacent swap that makes it fit."""
    fixes = [f"word {i + 1} looks wrong: the checksum fits \"{names[v]}\"" for i in positions for v in range(2048)
             if v != w[i] and words_fit(w[:i] + [v] + w[i + 1:])]
    fixes += [f"words {i + 1} and {i + 2} look swapped" for i in range(53)
              if len(positions) == 54 and w[i] != w[i + 1] and words_fit(w[:i] + [w[i + 1], w[i]] + w[i + 2:])]
    return f"; {fixes[0]}" if len(fixes) == 1 else ""


def share_bytes(line, who):
    """§12.3, §12.4 check 1: words or "BGS1:" QR text -> the 70 share bytes, checksum verified [SHARE_CHECKSUM]."""
    qr = re.sub(r"\s", "", line).upper()
    if qr.startswith("BGS1:"):  # base32 (no padding) of the 70 bytes || first 4 bytes of their SHA-256
        try:
            raw = base64.b32decode(qr[5:] + "=" * (-len(qr[5:]) % 8))
        except (binascii.Error, ValueError):
            raw = b""
        need(len(raw) == 74 and base64.b32encode(raw).decode().rstrip("=") == qr[5:], "SHARE_CHECKSUM",
             f"{who}: the QR text is not BGS1: and the base32 of 74 bytes")
        need(hashlib.sha256(raw[:70]).digest()[:4] == raw[70:], "SHARE_CHECKSUM",
             f"{who}: the QR text does not match its checksum")
        return raw[:70]
    names, prefixes = load_words()
    typed = re.findall(r"[^\W\d_]+", line.lower())  # separators, line breaks and numbering ("17.") are ignored
    need(len(typed) == 54, "SHARE_CHECKSUM", f"{who} has {len(typed)} words, not 54")
    w = [prefixes.get(t[:4], -1) for t in typed]
    unknown = [i for i, v in enumerate(w) if v < 0]
    if unknown:  # a single unknown word is a substitution at a known place: try the 2048 words there
        listed = ", ".join(f"{i + 1} \"{typed[i]}\"" for i in unknown)
        raise Refused("SHARE_CHECKSUM", f"{who}: word{'s' * (len(unknown) > 1)} {listed} not in the BIP-39 list"
                      + (likely_fix(w, names, unknown) if len(unknown) == 1 else ""))
    need(words_fit(w), "SHARE_CHECKSUM",
         f"{who}: the words do not match their checksum" + likely_fix(w, names, range(54)))
    bits = 0
    for value in w[:51]:  # 51 groups of 11 bits, most significant first: 560 bits and one zero padding bit
        bits = bits << 11 | value
    return (bits >> 1).to_bytes(70, "big")


def parse_share(b, who):
    """§12.2: the share's fields; another version [UNSUPPORTED_VERSION], impossible values [FORMAT]."""
    need(b[0] == 1, "UNSUPPORTED_VERSION", f"{who} has share format version {b[0]}; this script reads 1")
    need(b[1] in KINDS, "FORMAT", f"{who} names an unknown store kind 0x{b[1]:02x}")
    k, i, n = b[34], b[35], b[36]
    need(2 <= k <= n and 1 <= i <= n, "FORMAT", f"{who} says share {i} of {n}, {k} needed, which is impossible")
    need(b[69] != 0, "FORMAT", f"{who} has the x coordinate 0")
    return {"version": b[0], "kind": KINDS[b[1]], "setId": b[2:18].hex(), "shareSetId": b[18:34].hex(),
            "threshold": k, "index": i, "count": n, "value": b[37:70].hex()}


def grouped(hex_id):  # §1: people see ids grouped by four
    return " ".join(hex_id[at:at + 4] for at in range(0, len(hex_id), 4))


def check_share(share, info, slot, who):
    """§12.4 checks 2-6: one share alone against the store's header, no key needed."""
    kind, set_id, set_of = info["kind"], info["setId"], share["shareSetId"]
    need(share["kind"] == kind, "FOREIGN_SHARE", f"{who} belongs to the {LABEL[share['kind']]}, not the {LABEL[kind]}")
    need(share["setId"] == set_id, "FOREIGN_SHARE",
         f"{who} belongs to vault set {grouped(share['setId'])}, not {grouped(set_id)}")
    need(set_of not in info["revokedShareSets"], "REVOKED_SHARE",
         f"{who} belongs to revoked share set {grouped(set_of)}")
    need(slot is not None, "FOREIGN_SHARE", f"this {LABEL[kind]} has no shares slot: it opens only with its passphrase")
    need(set_of == slot["shareSetId"], "FOREIGN_SHARE",
         f"{who} belongs to share set {grouped(set_of)}, not this store's {grouped(slot['shareSetId'])}")
    # §4.2: "share bytes" are the share's 33-byte value (32 y bytes, then x), as the vectors confirm
    commitment = hashlib.sha256(f"breakglass/v1/share-commitment/{kind}/{set_id}/{set_of}/{share['index']}/".encode()
                                + bytes.fromhex(share["value"])).digest()
    need(share["threshold"] == slot["threshold"] and share["count"] == slot["shareCount"]
         and commitment == slot["commitments"][share["index"] - 1], "TAMPERED_SHARE",
         f"{who} (number {share['index']}) does not match the store's commitment for share {share['index']}")


def gf_mul(a, b):  # §12.1: multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (0x11B)
    product = 0
    while b:
        product ^= a if b & 1 else 0
        a, b = (a << 1) ^ (0x11B if a & 0x80 else 0), b >> 1
    return product


def gf_inv(a):  # a^254 = a^-1 in GF(2^8), a != 0
    result = 1
    for _ in range(254):
        result = gf_mul(result, a)
    return result


def combine(values):
    """§12.1: Lagrange at x = 0, byte by byte: key[i] = sum_j y_j[i] * prod_{m!=j} x_m / (x_m - x_j); - is XOR."""
    xs, key = [v[32] for v in values], bytearray(32)
    need(len(set(xs)) == len(xs), "INTEGRITY", "two shares have the same x coordinate: report this")
    for j, value in enumerate(values):
        numerator = denominator = 1
        for m, x in enumerate(xs):
            if m != j:
                numerator, denominator = gf_mul(numerator, x), gf_mul(denominator, x ^ xs[j])
        coefficient = gf_mul(numerator, gf_inv(denominator))
        for i in range(32):
            key[i] ^= gf_mul(value[i], coefficient)
    return bytes(key)


def read_line(prompt):
    """One entry: typed without echo at a terminal, else the next line of stdin (None at its end).
    Never from argv or the environment."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.buffer.readline() if sys.stdin is not None else b""
    return line.removesuffix(b"\n").removesuffix(b"\r").decode("utf-8", "surrogateescape") if line else None


def is_share(line):  # §12.3: QR text, or the 54 words (50 or more: a share with a word missing is still a share)
    return re.sub(r"\s", "", line).upper().startswith("BGS1:") or len(re.findall(r"[^\W\d_]+", line)) >= 50


def unlock_with_passphrase(phrase, info, slot):
    """§4.1: KEK = Argon2id(UTF-8(NFC(passphrase)), salt, t, m, p, 32 bytes, v0x13); unwrap the data key."""
    kind, set_id = info["kind"], info["setId"]
    need(slot is not None, "AUTH", f"this {LABEL[kind]} has no passphrase slot: it opens only with custodians' shares "
         "(type the first share's 54 words or its BGS1: QR text)")
    try:
        passphrase = unicodedata.normalize("NFC", phrase).encode("utf-8")
    except UnicodeError:
        raise UsageError("the passphrase is not valid UTF-8 text") from None
    try:
        kek = hash_secret_raw(passphrase, slot["salt"], slot["iterations"], slot["memoryKiB"], slot["parallelism"],
                              32, Type.ID, 19)
    except HashingError as error:
        sys.exit(f"recover.py: Argon2id failed ({error}); this computer may lack the "
                 f"{slot['memoryKiB'] // 1024} MiB of memory the store asks for: try one with more")
    try:  # §2.2: the data key, wrapped with ad = slot_ad("passphrase")
        return aead_open(slot["wrapped"], f"breakglass/v1/slot/{kind}/{set_id}/passphrase".encode(), slot["nonce"], kek)
    except CryptoError:
        raise Refused("AUTH", f"wrong passphrase for this {kind} store") from None


def unlock_with_shares(first, info, slot):
    """§12.4: check each share alone as it arrives, then no index twice, then at least k; combine k (§12.1) and
    unwrap the data key with ad = slot_ad("shares") (§2.2, §4.2)."""
    shares, line, tty = [], first, sys.stdin is not None and sys.stdin.isatty()
    while line is not None and not (tty and not line.strip()):
        if line.strip():
            who = f"share {len(shares) + 1}"
            share = parse_share(share_bytes(line, who), who)
            check_share(share, info, slot, who)
            shares.append(share)
        if len(shares) == slot["threshold"]:
            break
        line = read_line(f"Share {len(shares) + 1} of {slot['threshold']} (empty: no more): ")
    indexes = [s["index"] for s in shares]
    for at, index in enumerate(indexes):
        need(index not in indexes[:at], "DUPLICATE_SHARE",
             f"share {at + 1} is share number {index} again (share {indexes.index(index) + 1} was the same)")
    k, more = slot["threshold"], slot["threshold"] - len(shares)
    need(more <= 0, "QUORUM", f"this {LABEL[info['kind']]} needs {k} shares and got {len(shares)}: {more} more "
         + ("custodian's share is" if more == 1 else "custodians' shares are") + " needed")
    kek = combine([bytes.fromhex(s["value"]) for s in shares])
    try:
        return aead_open(slot["wrapped"], f"breakglass/v1/slot/{info['kind']}/{info['setId']}/shares".encode(),
                         slot["nonce"], kek)
    except CryptoError:
        raise Refused("INTEGRITY", "the shares slot does not open although every share matches its commitment, so "
                      "the slot was deliberately altered: report this authentication failure") from None


def restore_paper(lines):
    """§13.4, §13.5: a store file from its paper-backup chunk texts, or Refused; nothing is written here."""
    groups = {}
    for n, line in enumerate(lines, 1):
        text = line.strip().upper()
        if not text:
            continue
        f = text.split(":")
        need(len(f) == 9 and f[0] == "BGP1", "FORMAT", f"line {n} is not a paper-backup chunk (BGP1:, 9 fields)")
        _, kind, set_id, gen, fp, seq, total, data, check = f
        need(kind in ("P", "M") and re.fullmatch(r"[0-9A-F]{32}:[1-9][0-9]*:[0-9A-F]{64}:[1-9][0-9]*:[1-9][0-9]*:"
             r"[A-Z2-7]+:[0-9A-F]{8}", ":".join(f[2:])) and int(seq) <= int(total), "FORMAT", f"line {n} is a damaged chunk")
        need(hashlib.sha256(text[:-8].encode()).hexdigest()[:8].upper() == check, "INTEGRITY",
             f"line {n} reads as chunk {seq} of {total}, but its CHECK does not match: scan that code again")
        try:
            data = base64.b32decode(data + "=" * (-len(data) % 8))
        except binascii.Error:
            raise Refused("FORMAT", f"line {n}: the data of chunk {seq} is not base32") from None
        groups.setdefault((kind, set_id, int(gen), fp, int(total)), []).append((int(seq), data, n))
    need(groups, "FORMAT", "no paper-backup chunk was given")
    key = max(groups, key=lambda k: len(groups[k]))  # the backup most chunks belong to (the first on a tie)
    for other, chunks in groups.items():
        need(other == key, "WRONG_STORE", f"chunk {chunks[0][0]} (line {chunks[0][2]}) belongs to another backup "
             f"(store {other[0]}, vault set {other[1].lower()}, generation {other[2]})")
    parts = {}
    for seq, data, n in groups[key]:
        need(parts.setdefault(seq, data) == data, "INTEGRITY", f"chunk {seq} was read twice with different contents")
    missing = [str(s) for s in range(1, key[4] + 1) if s not in parts]
    need(not missing, "TRUNCATED", f"missing chunks {', '.join(missing)} of {key[4]}: scan those codes again")
    data = b"".join(parts[s] for s in range(1, key[4] + 1))
    need(hashlib.sha256(data).hexdigest().upper() == key[3], "INTEGRITY",
         "the reassembled file's SHA-256 is not the fingerprint the chunks carry; nothing was written")
    info, _ = parse_header(check_file(data)[0])  # §2.4: a whole store, and the one the chunks name
    need((info["kind"][0].upper(), info["setId"].upper(), info["generation"]) == key[:3], "INTEGRITY",
         "the restored file is not the store its chunks name")
    return data, {"kind": info["kind"], "setId": info["setId"], "generation": info["generation"],
                  "fingerprint": key[3].lower(), "chunks": key[4]}


def main(argv):
    if "-h" in argv or "--help" in argv:
        return print(__doc__.strip())
    if argv == ["--decode-share"]:  # one share, all of stdin (or one line typed at the terminal); §12.2 fields
        tty = sys.stdin is not None and sys.stdin.isatty()
        text = read_line("Share: ") if tty or sys.stdin is None else sys.stdin.buffer.read().decode("utf-8", "replace")
        if not (text and text.strip()):
            raise UsageError("no share: stdin is empty")
        return parse_share(share_bytes(text, "the share"), "the share")
    if argv[:1] == ["--paper"]:
        if len(argv) != 4 or argv[2] != "--out":
            raise UsageError("expected --paper CHUNKS --out FILE")
        try:
            with (sys.stdin if argv[1] == "-" else open(argv[1], encoding="utf-8", errors="replace")) as handle:
                lines = handle.read().splitlines()
        except OSError as error:
            raise UsageError(f"cannot read {argv[1]}: {error.strerror}") from None
        data, result = restore_paper(lines)
        try:
            with os.fdopen(os.open(argv[3], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
                out.write(data)
        except FileExistsError:
            raise UsageError(f"{argv[3]} exists: choose a new --out file") from None
        return {**result, "file": argv[3]}
    files = [a for a in argv if a != "--header-only"]
    if len(files) != 1 or files[0].startswith("-"):
        raise UsageError("expected one STORE_FILE and no option but --header-only, or only --decode-share")
    try:
        with open(files[0], "rb") as handle:
            data = handle.read(16 * MIB + 512 * MIB + 65)  # one byte more than check 1 allows
    except OSError as error:
        raise UsageError(f"cannot read {files[0]}: {error.strerror}") from None
    header, ciphertext = check_file(data)
    info, payload_nonce = parse_header(header)
    slots = {s["type"]: s for s in info.pop("slots")}
    if "--header-only" in argv:
        hidden = ("salt", "nonce", "wrapped", "commitments")
        info["slots"] = [{k: v for k, v in s.items() if k not in hidden} for s in slots.values()]
        info["fingerprint"] = hashlib.sha256(data).hexdigest()  # §2.1
        return info
    kind, set_id = info["kind"], info["setId"]
    first = read_line("Passphrase or first share: ")
    if first is None:
        raise UsageError("no passphrase or share: stdin is empty")
    if is_share(first):
        key = unlock_with_shares(first, info, slots.get("shares"))
    else:
        key = unlock_with_passphrase(first, info, slots.get("passphrase"))
    try:  # §2.1, §2.4: the payload, with the whole header as additional data
        plaintext = aead_open(ciphertext, header, payload_nonce, key)
    except CryptoError:
        raise Refused("INTEGRITY", "INTEGRITY payload: the payload does not authenticate although its checksum and "
                      "the key slot are right, so the file was deliberately altered: report this authentication "
                      "failure") from None
    payload = open_payload(kind, set_id, canonical_json(plaintext, "decrypted payload"), info["public"], key)
    return {"kind": kind, "setId": set_id, "generation": info["generation"], "sealedAt": info["sealedAt"],
            "public": info["public"], "payload": payload}


if __name__ == "__main__":
    try:
        result = main(sys.argv[1:])
    except UsageError as error:
        print(f"recover.py: {error}\n{USAGE}", file=sys.stderr)
        sys.exit(2)
    except Refused as error:
        sys.exit(f"recover.py: {error}")
    except (KeyboardInterrupt, EOFError):
        sys.exit("recover.py: interrupted; nothing was printed")
    except Exception as error:  # never a traceback in front of a custodian
        sys.exit(f"recover.py: unexpected {type(error).__name__} ({error}); please report it with the fingerprint")
    if result is not None:
        sys.stdout.buffer.write((json.dumps(result, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode())

#!/usr/bin/python3
"""recover.py - decrypt a Breakglass Vault store file (format version 1) without the application.

Written from FORMAT.md alone; the "§" numbers below are its sections. Needs Python 3 and the Debian
packages python3-nacl and python3-argon2, nothing else.

  python3 recover.py STORE_FILE                print every secret in the store as one JSON document
  python3 recover.py --header-only STORE_FILE  print the header and fingerprint; no passphrase needed

The passphrase is typed without echo, or read as the first line of stdin when stdin is not a terminal.
Exit status: 0 done; 1 refused (one line on stderr: the §8 code, what is wrong, what to do); 2 usage error.
"""
import base64, getpass, hashlib, json, re, sys, unicodedata
from datetime import datetime, timezone

try:
    from argon2.exceptions import HashingError
    from argon2.low_level import Type, hash_secret_raw
    from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt as aead_open
    from nacl.exceptions import CryptoError
except ImportError as missing:
    sys.exit(f"recover.py: cannot import {missing.name}: install the Debian packages python3-nacl and python3-argon2")

USAGE = "usage: recover.py [--header-only] STORE_FILE   (the passphrase comes from the terminal or stdin)"
MIB, MAGIC, KINDS, MAX_INT = 1 << 20, b"BRKGLASS", {1: "password-vault", 2: "mfa-seeds"}, 2 ** 53 - 1
ACTION = {  # §8: what the custodian does
    "FORMAT": "use another copy", "TRUNCATED": "use another copy", "AUTH": "check the passphrase and retry",
    "KDF_PARAMS": "the file is damaged or hostile; use another copy",
    "INTEGRITY": "use another copy",
    "UNSUPPORTED_VERSION": "use the Breakglass release or the recover.py stored beside this file"}


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
            need(1 <= p <= 16, "KDF_PARAMS", f"Argon2 parallelism {p} is outside 1..16")
            need(m >= 8 * p, "KDF_PARAMS", f"Argon2 memory {m} KiB is below 8 x parallelism")
            s = body.u(1, "salt length")
            need(16 <= s <= 64, "KDF_PARAMS", f"the salt length {s} is outside 16..64")
            slot = {"type": "passphrase", "kdf": "argon2id", "memoryKiB": m, "iterations": t, "parallelism": p,
                    "saltLength": s, "salt": body.take(s, "salt")}
        elif slot_type == 2:  # shares slot (§4.2)
            need(all(s["type"] != "shares" for s in info["slots"]), "FORMAT", "there are two shares slots")
            slot = {"type": "shares", "shareSetId": body.take(16, "share-set id").hex(),
                    "threshold": body.u(1, "threshold"), "shareCount": body.u(1, "share count")}
            need(2 <= slot["threshold"] <= slot["shareCount"], "FORMAT", "the share threshold is out of bounds")
            body.take(32 * slot["shareCount"], "share commitments")
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
    check_public(kind, info["public"])
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


def text(lo, hi, allowed_controls=""):  # lo..hi characters (code points), NFC, no control characters (Cc)
    return lambda v: (isinstance(v, str) and lo <= len(v) <= hi and unicodedata.normalize("NFC", v) == v and
                      all(ch in allowed_controls or unicodedata.category(ch) != "Cc" for ch in v))


def timestamp(v):  # §2.3: YYYY-MM-DDTHH:MM:SSZ, a real date and time
    try:
        return pattern(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")(v) and bool(datetime.strptime(v, "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        return False


ACCOUNT_ID, ANY_BOX = pattern(r"\d{12}"), lambda v: isinstance(v, dict)  # boxes are checked when opened
ACCOUNT = {"accountId": ACCOUNT_ID, "name": lambda v: text(1, 128)(v) and v == v.strip(),
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


def shape(ok, what):
    need(ok, "FORMAT", f"the {what} does not match its schema (FORMAT.md section 3)")


def check(obj, schema, what):
    shape(isinstance(obj, dict) and set(obj) == set(schema) and all(ok(obj[k]) for k, ok in schema.items()), what)


def sorted_unique(values):
    return all(a < b for a, b in zip(values, values[1:]))


def check_public(kind, doc):
    """§3.2 and §3.3: the public document."""
    if kind == "password-vault":
        return check(doc, {"schema": one_of(1)}, "public document")
    check(doc, {"schema": one_of(1), "accounts": lambda v: isinstance(v, list)}, "public document")
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
            check(account, ACCOUNT, "account entry")
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


def read_passphrase():
    """From the terminal without echo, else the first line of stdin; never from argv or the environment."""
    if sys.stdin is not None and sys.stdin.isatty():
        phrase = getpass.getpass("Passphrase: ")
    else:
        line = sys.stdin.buffer.readline() if sys.stdin is not None else b""
        if not line:
            raise UsageError("no passphrase: stdin is empty")
        phrase = line.removesuffix(b"\n").removesuffix(b"\r").decode("utf-8", "surrogateescape")
    try:
        return unicodedata.normalize("NFC", phrase).encode("utf-8")  # §4.1: UTF-8(NFC(passphrase))
    except UnicodeError:
        raise UsageError("the passphrase is not valid UTF-8 text") from None


def main(argv):
    if "-h" in argv or "--help" in argv:
        return print(__doc__.strip())
    files = [a for a in argv if a != "--header-only"]
    if len(files) != 1 or files[0].startswith("-"):
        raise UsageError("expected one STORE_FILE and no option but --header-only")
    try:
        with open(files[0], "rb") as handle:
            data = handle.read(16 * MIB + 512 * MIB + 65)  # one byte more than check 1 allows
    except OSError as error:
        raise UsageError(f"cannot read {files[0]}: {error.strerror}") from None
    header, ciphertext = check_file(data)
    info, payload_nonce = parse_header(header)
    slots = info.pop("slots")
    if "--header-only" in argv:
        info["slots"] = [{k: v for k, v in s.items() if k not in ("salt", "nonce", "wrapped")} for s in slots]
        info["fingerprint"] = hashlib.sha256(data).hexdigest()  # §2.1
        return info
    if slots[0]["type"] != "passphrase":
        raise Refused("UNSUPPORTED_VERSION", "this store has no passphrase slot: it opens only with custodians' "
                      "shares, which this version of recover.py does not support")
    slot, kind, set_id = slots[0], info["kind"], info["setId"]
    passphrase = read_passphrase()
    try:  # §4.1: KEK = Argon2id(UTF-8(NFC(passphrase)), salt, t, m, p, 32 bytes, version 0x13)
        kek = hash_secret_raw(passphrase, slot["salt"], slot["iterations"], slot["memoryKiB"], slot["parallelism"],
                              32, Type.ID, 19)
    except HashingError as error:
        sys.exit(f"recover.py: Argon2id failed ({error}); this computer may lack the "
                 f"{slot['memoryKiB'] // 1024} MiB of memory the store asks for: try one with more")
    try:  # §2.2: the data key, wrapped with ad = slot_ad("passphrase")
        key = aead_open(slot["wrapped"], f"breakglass/v1/slot/{kind}/{set_id}/passphrase".encode(), slot["nonce"], kek)
    except CryptoError:
        raise Refused("AUTH", f"wrong passphrase for this {kind} store") from None
    try:  # §2.1, §2.4: the payload, with the whole header as additional data
        plaintext = aead_open(ciphertext, header, payload_nonce, key)
    except CryptoError:
        raise Refused("INTEGRITY", "INTEGRITY payload: the payload does not authenticate although its checksum and "
                      "the passphrase are right, so the file was deliberately altered: report this authentication "
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

// A Rust program (std for wasm32-wasi): args and env, clocks, files and directories through
// std::fs, errors mapped to io::ErrorKind, sandbox escapes refused, stdin, and an exit code.
//! arg: one
//! arg: with space
//! arg: ünï€ode
//! env: RUST_GREETING=hello from rust
//! env: EQUALS=a=b=c
//! env: EMPTY=
//! stdin: first line
//! stdin: second line
//! exit: 3
//! out: argc=4
//! out: arg[1]=<one>
//! out: arg[2]=<with space>
//! out: arg[3]=<ünï€ode>
//! out: env: EMPTY=<> EQUALS=<a=b=c> RUST_GREETING=<hello from rust>
//! out: MISSING: NotPresent
//! out: SystemTime after 2020: true
//! out: Instant monotonic: true
//! out: sleep 20ms waited: true
//! out: create_dir_all: ok
//! out: write: ok, read back: <Porcini from Rust
//! out: >
//! out: append then read: <Porcini from Rust
//! out: more
//! out: >
//! out: seek 8 and read 4: <from>
//! out: metadata: file true, len 23
//! out: set_len 7: len 7
//! out: copy: 7 bytes
//! out: rename: ok, old exists: false
//! out: read_dir: copy.txt, renamed.txt, sub/
//! out: hard_link: ok, nlink-visible content: <Porcini>
//! out: symlink: ok, read_link: <renamed.txt>, through link: <Porcini>
//! out: remove_dir on non-empty: error
//! out: remove_dir_all: ok, exists: false
//! out: open missing: NotFound
//! out: create_new on existing: AlreadyExists
//! out: read /etc/passwd: error
//! out: read ../outside/secret.txt: error
//! out: read abs_link: error
//! out: read rel_link: error
//! out: read dir_link/secret.txt: error
//! out: hard_link out of sandbox: error
//! out: stdin lines: 2, last <second line>
//! out: exiting with 3
use std::collections::BTreeMap;
use std::env;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn path_symlink(old: *const u8, old_len: usize, fd: u32, new: *const u8, new_len: usize) -> u16;
}

fn ok<T>(r: io::Result<T>) -> &'static str {
    if r.is_ok() { "ok" } else { "error" }
}

fn main() {
    let args: Vec<String> = env::args().collect();
    println!("argc={}", args.len());
    for (i, a) in args.iter().enumerate().skip(1) {
        println!("arg[{}]=<{}>", i, a);
    }
    let vars: BTreeMap<String, String> = env::vars().collect();
    let shown: Vec<String> = vars.iter().map(|(k, v)| format!("{}=<{}>", k, v)).collect();
    println!("env: {}", shown.join(" "));
    println!("MISSING: {:?}", env::var("MISSING").unwrap_err());

    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    println!("SystemTime after 2020: {}", since_epoch.as_secs() > 1_577_836_800);
    let t0 = Instant::now();
    let t1 = Instant::now();
    println!("Instant monotonic: {}", t1 >= t0);
    std::thread::sleep(Duration::from_millis(20));
    println!("sleep 20ms waited: {}", t0.elapsed() >= Duration::from_millis(20));

    let dir = "/sandbox/rust/sub";
    println!("create_dir_all: {}", ok(fs::create_dir_all(dir)));
    let note = "/sandbox/rust/note.txt";
    let w = fs::write(note, "Porcini from Rust\n");
    println!("write: {}, read back: <{}>", ok(w), fs::read_to_string(note).unwrap());
    {
        let mut f = OpenOptions::new().append(true).open(note).unwrap();
        f.write_all(b"more\n").unwrap();
    }
    println!("append then read: <{}>", fs::read_to_string(note).unwrap());
    let mut f = File::open(note).unwrap();
    f.seek(SeekFrom::Start(8)).unwrap();
    let mut four = [0u8; 4];
    f.read_exact(&mut four).unwrap();
    println!("seek 8 and read 4: <{}>", String::from_utf8_lossy(&four));
    let meta = fs::metadata(note).unwrap();
    println!("metadata: file {}, len {}", meta.is_file(), meta.len());
    OpenOptions::new().write(true).open(note).unwrap().set_len(7).unwrap();
    println!("set_len 7: len {}", fs::metadata(note).unwrap().len());
    println!("copy: {} bytes", fs::copy(note, "/sandbox/rust/copy.txt").unwrap());
    let renamed = "/sandbox/rust/renamed.txt";
    let r = fs::rename(note, renamed);
    println!("rename: {}, old exists: {}", ok(r), fs::metadata(note).is_ok());
    let mut names: Vec<String> = fs::read_dir("/sandbox/rust").unwrap()
        .map(|e| {
            let e = e.unwrap();
            let suffix = if e.file_type().unwrap().is_dir() { "/" } else { "" };
            format!("{}{}", e.file_name().to_string_lossy(), suffix)
        })
        .collect();
    names.sort();
    println!("read_dir: {}", names.join(", "));
    let h = fs::hard_link(renamed, "/sandbox/rust/sub/hard.txt");
    println!("hard_link: {}, nlink-visible content: <{}>", ok(h), fs::read_to_string("/sandbox/rust/sub/hard.txt").unwrap());
    // std's symlink for WASI is unstable, so call path_symlink itself; fd 3 is the /sandbox preopen.
    let (target, link) = ("renamed.txt", "rust/link.txt");
    let errno = unsafe { path_symlink(target.as_ptr(), target.len(), 3, link.as_ptr(), link.len()) };
    let s: io::Result<()> = if errno == 0 { Ok(()) } else { Err(io::Error::from_raw_os_error(errno as i32)) };
    println!("symlink: {}, read_link: <{}>, through link: <{}>", ok(s),
             fs::read_link("/sandbox/rust/link.txt").unwrap().display(),
             fs::read_to_string("/sandbox/rust/link.txt").unwrap());
    println!("remove_dir on non-empty: {}", ok(fs::remove_dir("/sandbox/rust/sub")));
    let rm = fs::remove_dir_all("/sandbox/rust");
    println!("remove_dir_all: {}, exists: {}", ok(rm), fs::metadata("/sandbox/rust").is_ok());
    println!("open missing: {:?}", File::open("/sandbox/missing.txt").unwrap_err().kind());
    fs::write("/sandbox/exists.txt", "x").unwrap();
    let again = OpenOptions::new().write(true).create_new(true).open("/sandbox/exists.txt");
    println!("create_new on existing: {:?}", again.unwrap_err().kind());
    fs::remove_file("/sandbox/exists.txt").unwrap();

    for path in ["/etc/passwd", "../outside/secret.txt", "abs_link", "rel_link", "dir_link/secret.txt"] {
        let full = if path.starts_with('/') { path.to_string() } else { format!("/sandbox/{}", path) };
        println!("read {}: {}", path, ok(fs::read_to_string(full)));
    }
    let out = fs::hard_link("/sandbox/rel_link", "/sandbox/stolen.txt");
    let stolen = fs::read_to_string("/sandbox/stolen.txt");
    println!("hard_link out of sandbox: {}", if out.is_ok() && stolen.is_ok() { "ok" } else { "error" });
    let _ = fs::remove_file("/sandbox/stolen.txt");

    let lines: Vec<String> = io::stdin().lock().lines().map(|l| l.unwrap()).collect();
    println!("stdin lines: {}, last <{}>", lines.len(), lines.last().map(String::as_str).unwrap_or(""));
    println!("exiting with 3");
    io::stdout().flush().unwrap();
    std::process::exit(3);
}

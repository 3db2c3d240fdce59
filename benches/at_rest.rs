//! Issue 12's figures, plain and encrypted side by side, at 100,000 participants and 1,000,000
//! interviews. Goals, on the encrypted store: login to first frame under 1 s (the open, which
//! verifies the store's log, is shown beside it);
//! registration, duplicate check included, under 30 ms; a keystroke in the Home filter under
//! 5 ms; a committed answer durable under 5 ms; RSS under 120 MB.
//!
//! Each store is measured in a process of its own (this bench runs itself again with
//! `AT_REST_MEASURE=plain|sealed`), so that each peak RSS (`VmHWM`) is that store's alone.
//! The stores are generated once with `daftar::synth` (a few minutes each) under `target/`:
//! `bench-at-rest-plain` (a store from before encryption: no key, nothing sealed) and
//! `bench-at-rest-sealed` (made with its administrator, so every value is sealed).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use daftar::app::{Action, App, Msg, Screen};
use daftar::auth::SecretString;
use daftar::i18n::Lang;
use daftar::store::{Answer, Author, Id, Interview, Measures, Position, RECORD_FORMAT, Status, Store};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const PARTICIPANTS: usize = 100_000;
const INTERVIEWS: usize = 1_000_000;
const ADMIN: &str = "admin";
/// The account each measure logs in as, on both stores: a supervisor sees the whole register,
/// and (unlike an administrator) does not encrypt a store from before encryption by logging in.
const SUPERVISOR: &str = "supervisor";
const PASSWORD: &str = "lantern orchard 7 river";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default()
}

fn path_of(kind: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("target/bench-at-rest-{kind}"))
}

fn pw() -> SecretString {
    SecretString::from(PASSWORD.to_string())
}

/// Makes the store of `kind` if it is not there yet.
fn generate(kind: &str) {
    let path = path_of(kind);
    if path.join("db").exists() {
        return;
    }
    eprintln!("generating {} ({PARTICIPANTS} participants, {INTERVIEWS} interviews)…", path.display());
    let store = match kind {
        // Filled before it has an account, as a store from before encryption was: it stays plain.
        "plain" => Store::open(&path).unwrap_or_else(|e| panic!("{e}")),
        _ => {
            let (store, _, _) = Store::create_with_admin(&path, ADMIN, "Bench", &pw(), &pw(), chrono::Utc::now())
                .unwrap_or_else(|e| panic!("{e}"));
            store
        }
    };
    daftar::synth::fill(&store, PARTICIPANTS, INTERVIEWS, 42, today(), &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    if !store.has_accounts().unwrap_or_else(|e| panic!("{e}")) {
        store.create_first_admin(ADMIN, "Bench", &pw(), &pw(), chrono::Utc::now()).unwrap_or_else(|e| panic!("{e}"));
    }
    let now = chrono::Utc::now();
    let admin = store.log_in(ADMIN, &pw(), now).unwrap_or_else(|e| panic!("{e}"));
    let (_, temporary) = store
        .add_account(admin.session(), SUPERVISOR, "Bench Supervisor", daftar::auth::Role::Supervisor, now)
        .unwrap_or_else(|e| panic!("{e}"));
    let first = store.log_in(SUPERVISOR, &temporary, now).unwrap_or_else(|e| panic!("{e}"));
    store.change_password(first.session(), &temporary, &pw(), &pw(), now).unwrap_or_else(|e| panic!("{e}"));
    drop((admin, first, store));
    // Quit once, as Daftar does, so that the start-up copy of the summaries is saved.
    let app = open_app(&path);
    let store = app.store().unwrap_or_else(|| panic!("no store"));
    store.save_summaries_copy(&app.state.directory).unwrap_or_else(|e| panic!("{e}"));
}

fn open_app(path: &std::path::Path) -> App {
    let store = Store::open(path).unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::new(store, Lang::En, today(), None).unwrap_or_else(|e| panic!("{e}"));
    app.login(SUPERVISOR, &pw(), chrono::Utc::now()).unwrap_or_else(|e| panic!("{e}"));
    app
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(80, 24)).unwrap_or_else(|e| panic!("{e}"))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// Measures the store of `kind` in this process and prints one line per figure: first one
/// interviewer's session (open, login, registrations, filter keystrokes, committed answers),
/// whose peak RSS is the process's at its end; then the open and the login timed apart.
fn measure(kind: &str) {
    let path = path_of(kind);
    let mut app = open_app(&path);
    let store = app.store().unwrap_or_else(|| panic!("no store")).clone();
    let sealed = store.is_encrypted().unwrap_or(false);

    // Registration, the duplicate check included (median of 50).
    let mut rng = daftar::synth::Rng::new(7);
    let registrations: Vec<Duration> = (0..50)
        .map(|n| {
            let mut p = daftar::synth::participant(&mut rng, PARTICIPANTS + 1000 + n, today());
            p.file_number = format!("BENCH-{kind}-{}-{n}", std::process::id());
            let started = Instant::now();
            store.register(&p, today()).unwrap_or_else(|e| panic!("{e}"));
            started.elapsed()
        })
        .collect();

    // A keystroke in the Home filter: update (search included) and render (median of 200).
    let mut screen = terminal();
    app.dispatch(Msg::Action(Action::Filter));
    app.dispatch(Msg::Type("م".into()));
    let keystrokes: Vec<Duration> = (0..200)
        .map(|n| {
            let started = Instant::now();
            if n % 2 == 0 {
                app.dispatch(Msg::Type("ح".into()));
            } else {
                app.dispatch(Msg::Action(Action::Backspace));
            }
            let _ = screen.draw(|frame| daftar::ui::view(&app.state, frame));
            started.elapsed()
        })
        .collect();

    // A committed answer, durable (median of 200), on a draft of a registered participant.
    let participant = store.summaries().unwrap_or_else(|e| panic!("{e}"))[0].participant.id.clone();
    let now = chrono::Utc::now();
    let mut draft = Interview {
        format: RECORD_FORMAT,
        id: Id::new_random(),
        participant_id: participant,
        form_id: "intake".into(),
        form_version: 2,
        interviewer: Author::BeforeAccounts("bench".into()),
        status: Status::Draft,
        started_at: now,
        updated_at: now,
        finalized_at: None,
        answers: Default::default(),
        position: Position::default(),
        next_due: None,
        measures: Measures::default(),
    };
    let commits: Vec<Duration> = (0..200)
        .map(|n| {
            draft.answers.insert(format!("q{}", n % 40), Answer::Text(format!("réponse {n} — جواب")));
            draft.updated_at = chrono::Utc::now();
            let started = Instant::now();
            store.save_draft(&draft).unwrap_or_else(|e| panic!("{e}"));
            started.elapsed()
        })
        .collect();
    // As Daftar quits: the start-up copy saved again, so that the next run starts as this one did.
    store.save_summaries_copy_from_tree().unwrap_or_else(|e| panic!("{e}"));
    // One interviewer's session, as above, is the whole of this process so far: its peak RSS.
    let session_rss = peak_rss_mb();
    drop((app, store, screen));
    // The open (the store's log verified), then the login (the key derivation included) to
    // the first frame of Home (medians of 5).
    let (opens, logins): (Vec<Duration>, Vec<Duration>) = (0..5)
        .map(|_| {
            let started = Instant::now();
            let store = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
            let mut app = App::new(store, Lang::En, today(), None).unwrap_or_else(|e| panic!("{e}"));
            let opened = started.elapsed();
            let started = Instant::now();
            app.login(SUPERVISOR, &pw(), chrono::Utc::now()).unwrap_or_else(|e| panic!("{e}"));
            let _ = terminal().draw(|frame| daftar::ui::view(&app.state, frame));
            assert!(matches!(app.state.screen, Screen::Home(_)), "Home after the login");
            (opened, started.elapsed())
        })
        .unzip();

    let label = if sealed { "encrypted" } else { "plain    " };
    println!(
        "{label}  open {:>6.3} s | login to first frame {:>6.3} s | registration {:>7.2} ms | filter keystroke {:>6.2} ms | committed answer {:>6.2} ms | session's peak RSS {:>6.0} MB",
        median(opens).as_secs_f64(),
        median(logins).as_secs_f64(),
        median(registrations).as_secs_f64() * 1e3,
        median(keystrokes).as_secs_f64() * 1e3,
        median(commits).as_secs_f64() * 1e3,
        session_rss
    );
}

/// Where one login's time goes, piece by piece, on the store of `kind`.
fn parts(kind: &str) {
    use daftar::store::ReviewState;
    let path = path_of(kind);
    let mut last = Instant::now();
    let mut lap = |what: &str| {
        println!("  {what:<28} {:>8.3} s   peak RSS so far {:>6.0} MB", last.elapsed().as_secs_f64(), peak_rss_mb());
        last = Instant::now();
    };
    daftar::store::verify::verify(&path).unwrap_or_else(|e| panic!("{e:?}"));
    lap("verify (in the open)");
    let store = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    lap("open");
    let _app = App::new(store.clone(), Lang::En, today(), None).unwrap_or_else(|e| panic!("{e}"));
    lap("App::new");
    let logged_in = store.log_in(SUPERVISOR, &pw(), chrono::Utc::now()).unwrap_or_else(|e| panic!("{e}"));
    lap("log in");
    let summaries = store.summaries().unwrap_or_else(|e| panic!("{e}"));
    lap(&format!("{} summaries", summaries.len()));
    let submitted = store.review_list(ReviewState::Submitted, 1000).unwrap_or_else(|e| panic!("{e}"));
    lap(&format!("submitted list ({})", submitted.len()));
    let returned = store.review_list(ReviewState::Returned, 1000).unwrap_or_else(|e| panic!("{e}"));
    lap(&format!("returned list ({})", returned.len()));
    let drafts = store.drafts().unwrap_or_else(|e| panic!("{e}"));
    lap(&format!("drafts ({})", drafts.len()));
    let counts = store.review_counts().unwrap_or_else(|e| panic!("{e}"));
    lap(&format!("review counts ({})", counts.submitted));
    drop(logged_in);
}

fn main() {
    if let Ok(kind) = std::env::var("AT_REST_PARTS") {
        parts(&kind);
        return;
    }
    if let Ok(kind) = std::env::var("AT_REST_MEASURE") {
        measure(&kind);
        return;
    }
    // `cargo bench` passes `--bench`; anything else (cargo test's listing) only checks it builds.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    println!("{PARTICIPANTS} participants, {INTERVIEWS} interviews; medians; each store in its own process:");
    for kind in ["plain", "sealed"] {
        generate(kind);
        let status = std::process::Command::new(std::env::current_exe().unwrap_or_else(|e| panic!("{e}")))
            .env("AT_REST_MEASURE", kind)
            .status()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(status.success(), "measuring the {kind} store failed");
    }
}

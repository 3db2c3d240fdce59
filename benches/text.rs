//! Layout cost per frame. Budget: a full 200x60 screen of Arabic in under 1 ms.
//!
//! The layout benches measure the work itself (`layout_uncached`); `..._remembered` measures
//! what a frame pays for texts laid out on the frame before, which the memo keeps.

use daftar::text::{BidiMode, Dir, layout, layout::layout_uncached};

fn main() {
    divan::main();
}

/// 80 columns of what interviewers type: Arabic with harakat and lam-alef, French, digits.
const MIXED: &str = "الاسم: مُحَمَّد (Mohamed) — dossier ف-2024/0153, né le ١٥/٠١/١٩٩٠ à Salé; لا";

const ARABIC: &str =
    "قال المستفيد إنه يريد العودة إلى العمل بعد الإفراج عنه، وإن أسرته تدعمه في مشروعه الصغير لبيع الخضر في السوق ";

/// 60 lines of Arabic, each as close to 200 columns as whole words allow.
fn screen() -> Vec<String> {
    let words: Vec<&str> = ARABIC.split(' ').filter(|w| !w.is_empty()).collect();
    let mut lines = Vec::new();
    let mut w = words.iter().cycle();
    for _ in 0..60 {
        let mut line = String::new();
        loop {
            let next = w.next().copied().unwrap_or("");
            let candidate = format!("{line}{next} ");
            if layout_uncached(&candidate, Dir::Auto, usize::MAX, BidiMode::App)[0].width > 200 {
                break;
            }
            line = candidate;
        }
        lines.push(line);
    }
    lines
}

#[divan::bench]
fn mixed_line_80_columns(bencher: divan::Bencher) {
    bencher.bench(|| layout_uncached(divan::black_box(MIXED), Dir::Auto, 80, BidiMode::App));
}

#[divan::bench]
fn arabic_screen_200x60(bencher: divan::Bencher) {
    let lines = screen();
    bencher.bench(|| {
        lines.iter().map(|l| layout_uncached(divan::black_box(l), Dir::Auto, 200, BidiMode::App).len()).sum::<usize>()
    });
}

#[divan::bench]
fn arabic_screen_200x60_remembered(bencher: divan::Bencher) {
    let lines = screen();
    bencher.bench_local(|| {
        lines.iter().map(|l| layout(divan::black_box(l), Dir::Auto, 200, BidiMode::App).len()).sum::<usize>()
    });
}

/// The whole view at 200x60 in the Arabic interface: a review page whose 60 rows are Arabic
/// answers, drawn through the real `ui::view` into a TestBackend buffer. This is a full frame:
/// text layer, painter and ratatui together.
#[divan::bench]
fn arabic_review_frame_200x60(bencher: divan::Bencher) {
    use daftar::app::{App, Screen};
    use daftar::i18n::Lang;
    use daftar::store::{Answer, Store};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

    let dir = std::env::temp_dir().join(format!("daftar-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = Store::open(&dir).unwrap_or_else(|e| panic!("{e}"));
    // Records are written by the account logged in.
    let pw = daftar::auth::SecretString::from("lantern orchard 7 river".to_string());
    store.create_first_admin("samira", "سميرة", &pw, &pw, chrono::Utc::now()).unwrap_or_else(|e| panic!("{e}"));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
    let mut app = App::new(store, Lang::Ar, today, Some(BidiMode::App)).unwrap_or_else(|e| panic!("{e}"));
    app.login("samira", &pw, chrono::Utc::now()).unwrap_or_else(|e| panic!("{e}"));
    let key = |app: &mut App, code: KeyCode| app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    app.handle_event(Event::Resize(200, 60));
    key(&mut app, KeyCode::Char('n'));
    for value in ["محمد بن علي (الابن)", "Mohamed Ben Ali", "07/03/1990", "2024/0153", "سجن سلا 2"]
    {
        app.handle_event(Event::Paste(value.into()));
        key(&mut app, KeyCode::Tab);
    }
    app.handle_event(Event::Paste("01/09/2024".into()));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Enter);
    if let Screen::Wizard(w) = &mut app.state.screen {
        let ids: Vec<String> = w.form.fields().map(|(_, _, f)| f.id.clone()).collect();
        for id in ids {
            w.interview.answers.insert(id, Answer::Text(ARABIC.trim().to_string()));
        }
    }
    for _ in 0..8 {
        key(&mut app, KeyCode::PageDown);
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap_or_else(|e| panic!("{e}"));
    bencher.bench_local(|| {
        let _ = terminal.draw(|frame| daftar::ui::view(&app.state, frame));
    });
    let _ = std::fs::remove_dir_all(&dir);
}

//! Synthetic stores for benchmarks and demonstrations: participants with names mixing Arabic
//! and Latin script, intake interviews, progress sessions on the three axes, aftercare
//! follow-ups and stage changes, with plausible dates. Never personal data: every name is drawn
//! from short lists. Deterministic for a given seed.

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::error::Result;
use crate::store::{
    Answer, Due, Id, Interview, Measures, Participant, Position, RECORD_FORMAT, Stage, StageEvent, Status, Store,
};

/// A small, fast, deterministic random number generator (xorshift64*), enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// A random id (the store's ids are random too; these are reproducible).
    pub fn id(&mut self) -> Id {
        // A UUID version 4 as Daftar writes one (version and variant bits set), so that an
        // export of generated data imports (see `Id::parse`); deterministic for a seed.
        let bits = (u128::from(self.next_u64()) << 64) | u128::from(self.next_u64());
        let text = uuid::Builder::from_random_bytes(bits.to_be_bytes()).into_uuid().simple().to_string();
        Id::from_key(text.as_bytes()).unwrap_or_else(Id::new_random)
    }
}

const FIRST: &[(&str, &str)] = &[
    ("محمد", "Mohamed"),
    ("أحمد", "Ahmed"),
    ("يوسف", "Youssef"),
    ("عبد الله", "Abdellah"),
    ("إبراهيم", "Brahim"),
    ("حمزة", "Hamza"),
    ("عمر", "Omar"),
    ("خالد", "Khalid"),
    ("سعيد", "Said"),
    ("رشيد", "Rachid"),
    ("مصطفى", "Mustapha"),
    ("إلياس", "Ilyas"),
    ("أيوب", "Ayoub"),
    ("زكرياء", "Zakaria"),
    ("عبد الرحيم", "Abderrahim"),
    ("هشام", "Hicham"),
    ("نبيل", "Nabil"),
    ("كريم", "Karim"),
    ("أنس", "Anas"),
    ("طارق", "Tarik"),
];

const LAST: &[(&str, &str)] = &[
    ("العلوي", "El Alaoui"),
    ("بنعلي", "Benali"),
    ("الإدريسي", "El Idrissi"),
    ("التازي", "Tazi"),
    ("بناني", "Bennani"),
    ("الفاسي", "El Fassi"),
    ("الشرقاوي", "Cherkaoui"),
    ("الوزاني", "Ouazzani"),
    ("المنصوري", "El Mansouri"),
    ("بوزيد", "Bouzid"),
    ("الحسني", "El Hassani"),
    ("السوسي", "Soussi"),
    ("الزياني", "Zyani"),
    ("العمراني", "El Amrani"),
    ("بلحاج", "Belhaj"),
    ("القاسمي", "Kassimi"),
    ("الرامي", "Rami"),
    ("بوعزة", "Bouazza"),
    ("الهاشمي", "Hachimi"),
    ("الطاهري", "Tahiri"),
];

const FACILITIES: &[&str] = &[
    "سجن سلا 2",
    "Prison locale de Tanger 2",
    "المؤسسة السجنية عين السبع",
    "Centre de réforme de Fès",
    "سجن تولال مكناس",
    "Prison de Marrakech (Loudaya)",
];

const AXES: [&str; 3] = ["self", "texts", "society"];

fn day(rng: &mut Rng, from: NaiveDate, span_days: u64) -> NaiveDate {
    from.checked_add_days(Days::new(rng.below(span_days))).unwrap_or(from)
}

fn at(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(10, 0, 0).unwrap_or_default().and_utc()
}

/// The author of synthetic records: no account wrote them, so they read as records from before
/// accounts, by "synth".
fn synthetic_author() -> crate::store::Author {
    crate::store::Author::BeforeAccounts("synth".into())
}

/// One synthetic participant, registered between 2015 and `today`.
pub fn participant(rng: &mut Rng, n: usize, today: NaiveDate) -> Participant {
    let (first_ar, first_lat) = *rng.pick(FIRST);
    let (last_ar, last_lat) = *rng.pick(LAST);
    let born = day(rng, NaiveDate::from_ymd_opt(1960, 1, 1).unwrap_or(today), 42 * 365);
    let start = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or(today);
    let span = (today - start).num_days().max(1) as u64;
    let entry = day(rng, start, span);
    Participant {
        format: RECORD_FORMAT,
        id: rng.id(),
        name_ar: format!("{first_ar} {last_ar}"),
        name_latin: format!("{first_lat} {last_lat}"),
        date_of_birth: born,
        file_number: format!("F-{}/{:06}", entry.format("%Y"), n),
        facility: rng.pick(FACILITIES).to_string(),
        entry_date: entry,
        registered_at: at(entry),
        registered_by: synthetic_author(),
    }
}

fn interview(p: &Participant, form: &str, version: u32, date: NaiveDate, rng: &mut Rng) -> Interview {
    Interview {
        format: RECORD_FORMAT,
        id: rng.id(),
        participant_id: p.id.clone(),
        form_id: form.into(),
        form_version: version,
        interviewer: synthetic_author(),
        status: Status::Final,
        started_at: at(date),
        updated_at: at(date),
        finalized_at: Some(at(date)),
        answers: Default::default(),
        position: Position::default(),
        next_due: None,
        measures: Measures { date: Some(date), ..Measures::default() },
    }
}

/// The interviews of one participant: an intake, then `count - 1` progress sessions (or,
/// past release, aftercare follow-ups) every few weeks, the last one scheduling the next.
pub fn interviews(rng: &mut Rng, p: &Participant, count: usize, today: NaiveDate) -> (Vec<Interview>, Vec<StageEvent>) {
    let mut out = Vec::with_capacity(count);
    let mut date = p.entry_date;
    let mut intake = interview(p, "intake", 2, date, rng);
    for (i, axis) in AXES.iter().enumerate() {
        let score = 1 + rng.below(3) as i64;
        intake.measures.indicators.insert(axis.to_string(), score);
        let id = ["axis_self", "axis_texts", "axis_society"][i];
        intake.answers.insert(id.into(), Answer::Scale(score));
    }
    intake.answers.insert("nationality".into(), Answer::Text("Marocaine".into()));
    intake.answers.insert("case_number".into(), Answer::Text(format!("{}/{}", 2000 + rng.below(25), rng.below(999))));
    intake.answers.insert("motivation".into(), Answer::Text("يرغب في المراجعة والمصالحة — souhaite changer".into()));
    out.push(intake);
    let mut stages = vec![(Stage::InProgramme, date.checked_add_days(Days::new(7)).unwrap_or(date))];
    let released_after = 4 + rng.below(count.max(5) as u64) as usize;
    for k in 1..count {
        date = date.checked_add_days(Days::new(14 + rng.below(28))).unwrap_or(date).min(today);
        let aftercare = k > released_after;
        if k == released_after + 1 {
            stages.push((Stage::Released, date));
            stages.push((Stage::Aftercare, date.checked_add_days(Days::new(1)).unwrap_or(date).min(today)));
        }
        let mut iv = interview(p, if aftercare { "aftercare" } else { "progress" }, 1, date, rng);
        if !aftercare {
            let axis = *rng.pick(&AXES);
            let attended = rng.below(10) < 8;
            iv.measures.session_axis = Some(axis.into());
            iv.measures.attended = Some(attended);
            iv.answers.insert("axis".into(), Answer::Choice(axis.into()));
            iv.answers.insert("session_date".into(), Answer::Date(date));
            iv.answers.insert(
                "attendance".into(),
                Answer::Choice(if attended { "attended" } else { "absent_excused" }.into()),
            );
            if attended {
                for a in AXES {
                    let score = 1 + ((k as u64 + rng.below(3)) / 3).min(4) as i64;
                    iv.measures.indicators.insert(a.into(), score);
                    iv.answers.insert(format!("indicator_{a}"), Answer::Scale(score));
                }
                iv.answers.insert("observed_change".into(), Answer::Text("Progrès — تقدم ملحوظ".into()));
            }
        } else {
            iv.answers.insert("followup_date".into(), Answer::Date(date));
        }
        out.push(iv);
    }
    if let Some(last) = out.last_mut() {
        let next = date.checked_add_days(Days::new(14 + rng.below(30))).unwrap_or(date);
        last.next_due = Some(Due {
            date: next,
            form_id: if last.form_id == "intake" { "progress".into() } else { last.form_id.clone() },
        });
    }
    let mut from = Stage::Intake;
    let events = stages
        .into_iter()
        .map(|(stage, date)| {
            let event = StageEvent {
                format: RECORD_FORMAT,
                id: rng.id(),
                participant_id: p.id.clone(),
                from,
                stage,
                date,
                reason: "synth".into(),
                interviewer: synthetic_author(),
                recorded_at: at(date),
            };
            from = stage;
            event
        })
        .collect();
    (out, events)
}

/// Fills `store` with `participants` participants and about `interviews` interviews in
/// chunks, then builds the index. `progress(done)` is called after each chunk.
pub fn fill(
    store: &Store,
    participants: usize,
    interviews: usize,
    seed: u64,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize),
) -> Result<()> {
    let mut rng = Rng::new(seed);
    let per = interviews / participants.max(1);
    let extra = interviews % participants.max(1);
    let chunk = 5_000;
    let mut start = 0;
    while start < participants {
        let end = (start + chunk).min(participants);
        let mut people = Vec::with_capacity(end - start);
        let mut records = Vec::new();
        let mut events = Vec::new();
        for n in start..end {
            let p = participant(&mut rng, n, today);
            let count = (per + usize::from(n < extra)).max(1);
            let (ivs, evs) = self::interviews(&mut rng, &p, count, today);
            records.extend(ivs);
            events.extend(evs);
            people.push(p);
        }
        store.bulk_insert(&people, &records, &events)?;
        progress(end);
        start = end;
    }
    store.rebuild_index()
}

/// Appends `count` synthetic audit entries to `store`'s trail, correctly chained, written in
/// large batches straight into its tree (seconds for millions, where one transaction each
/// would take hours): records opened, about one in three registrations with their fields, and
/// a few stage changes, each with a random record id. For the audit bench.
pub fn audit_log(store: &Store, count: u64, seed: u64) -> Result<()> {
    use crate::store::audit::{AuditAction, AuditEvent};
    let mut rng = Rng::new(seed);
    crate::store::audit::write_synthetic_log(store, count, |seq| {
        let record = rng.id();
        match seq % 10 {
            0..=5 => AuditEvent::new(AuditAction::RecordOpened).record(record),
            6..=8 => AuditEvent::new(AuditAction::ParticipantRegistered)
                .record(record)
                .set("name_ar", "أحمد بن علي")
                .set("name_latin", "Ahmed Ben Ali")
                .set("date_of_birth", "1990-03-07")
                .set("file_number", format!("F-{seq}"))
                .set("facility", "Salé 2")
                .set("entry_date", "2024-09-01"),
            _ => AuditEvent::new(AuditAction::StageChanged)
                .record(record)
                .change("stage", Some("intake".into()), Some("in_programme".into()))
                .reason(Some("Admis après la commission")),
        }
    })
}

/// Appends `count` synthetic audit entries spread over the participants `ids` (each picked at
/// random), correctly chained and indexed by record, as the trail of a register in use has
/// them: each names its participant first, then, for an interview finalized or amended or a
/// change of stage, a record of theirs. For the history bench.
pub fn participant_audit_log(store: &Store, ids: &[Id], count: u64, seed: u64) -> Result<()> {
    use crate::store::audit::{AuditAction, AuditEvent};
    let mut rng = Rng::new(seed);
    crate::store::audit::write_synthetic_log(store, count, |seq| {
        let Some(participant) = ids.get(rng.below(ids.len().max(1) as u64) as usize) else {
            return AuditEvent::new(AuditAction::RecordOpened).record(rng.id());
        };
        let event = |action| AuditEvent::new(action).record(participant);
        match seq % 10 {
            0..=4 => event(AuditAction::RecordOpened),
            5..=7 => event(AuditAction::InterviewFinalized)
                .record(rng.id())
                .set("form", "follow_up@1")
                .set("housing", "\"stable\"")
                .set("work", "\"employed\"")
                .set("notes", "\"Suivi régulier, بخير\""),
            8 => event(AuditAction::InterviewAmended)
                .record(rng.id())
                .set("form", "follow_up@1")
                .change("work", Some("\"seeking\"".into()), Some("\"employed\"".into()))
                .reason(Some("خطأ في الإدخال")),
            _ => event(AuditAction::StageChanged)
                .record(rng.id())
                .change("stage", Some("intake".into()), Some("in_programme".into()))
                .reason(Some("Admis après la commission")),
        }
    })
}

/// A form of `n` integer questions, each asked when the one before is positive and held to a
/// rule; with `chain`, every question after the first calculated from the one before.
pub fn big_form(n: usize, chain: bool) -> String {
    let mut out =
        String::from("id = \"big\"\nversion = 1\ntitle = { en = \"Big\", fr = \"Grand\", ar = \"كبير\" }\n\n");
    for i in 0..n {
        if i % 100 == 0 {
            out.push_str(&format!("[[section]]\nid = \"s{i}\"\ntitle = {{ en = \"S\", fr = \"S\", ar = \"ق\" }}\n\n"));
        }
        out.push_str(&format!("[[section.field]]\nid = \"q{i}\"\n"));
        match (i, chain) {
            (0, _) => out.push_str("kind = \"integer\"\n"),
            (_, true) => out.push_str(&format!(
                "kind = \"calculated\"\ntype = \"integer\"\ncalculation = \"${{q{}}} + 1\"\n",
                i - 1
            )),
            (_, false) => out.push_str(&format!(
                "kind = \"integer\"\nrelevant = \"${{q{}}} > 0\"\nconstraint = \". < 1000\"\n",
                i - 1
            )),
        }
        out.push_str(&format!("label = {{ en = \"Q{i}\", fr = \"Q{i}\", ar = \"س{i}\" }}\n\n"));
    }
    out
}

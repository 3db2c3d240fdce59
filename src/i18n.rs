//! The one message catalog: every string the interviewer reads, in English, French and Arabic.
//!
//! Strings are looked up by a [`T`] key so that a missing translation is a compile error, not a
//! blank on screen. Placeholders are written `{name}` and filled by [`T::fill`]. Arabic strings
//! are stored in logical order; the text layer reorders them for display.

use std::fmt;
use std::str::FromStr;

/// The interface language; also decides the layout direction (Arabic is right-to-left).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
    Ar,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Ar];

    /// The language a `LANG`-style locale string asks for (`fr_FR.UTF-8` is French); English
    /// when the locale names none of ours.
    pub fn from_locale(locale: &str) -> Lang {
        let lower = locale.to_ascii_lowercase();
        if lower.starts_with("ar") {
            Lang::Ar
        } else if lower.starts_with("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ar => "ar",
        }
    }

    pub fn is_rtl(self) -> bool {
        self == Lang::Ar
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "en" => Ok(Lang::En),
            "fr" => Ok(Lang::Fr),
            "ar" => Ok(Lang::Ar),
            other => Err(format!("unknown language '{other}' (expected en, fr or ar)")),
        }
    }
}

macro_rules! catalog {
    ($($key:ident => $en:expr, $fr:expr, $ar:expr;)*) => {
        /// A catalog key; [`T::get`] gives its text in a language.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum T { $($key,)* }

        impl T {
            /// Every key, so tests can check that no translation is empty.
            pub const ALL: &'static [T] = &[$(T::$key,)*];

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::En) => $en,
                      (T::$key, Lang::Fr) => $fr,
                      (T::$key, Lang::Ar) => $ar,)*
                }
            }
        }
    };
}

impl T {
    /// The text with each `{name}` replaced by its value from `args`, each value isolated in its
    /// own direction (see [`fill`]): for what the interface draws.
    pub fn fill(self, lang: Lang, args: &[(&str, &str)]) -> String {
        fill(self.get(lang), args)
    }

    /// Like [`T::fill`] without isolates: for what is printed to a terminal or a file by a
    /// command, which Daftar's text layer does not draw.
    pub fn fill_plain(self, lang: Lang, args: &[(&str, &str)]) -> String {
        fill_plain(self.get(lang), args)
    }
}

/// FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, which [`fill`] puts around each value.
pub const FSI: char = '\u{2068}';
pub const PDI: char = '\u{2069}';

/// Replaces each `{name}` in `template` by its value in `args`, isolated between [`FSI`] and
/// [`PDI`] like HTML's `<bdi>`: a path, a file number, a date or a name keeps its own direction
/// inside an Arabic sentence, and the sentence's words keep theirs around it. Display strings
/// only: stored text never holds bidi controls, and the text layer orders by the isolates and
/// draws nothing for them. Unknown names are left visible so a catalog mistake shows on screen
/// instead of silently dropping words.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let isolated: Vec<(&str, String)> = args.iter().map(|(name, value)| (*name, isolate(value))).collect();
    let args: Vec<(&str, &str)> = isolated.iter().map(|(name, value)| (*name, value.as_str())).collect();
    fill_plain(template, &args)
}

/// `value` between [`FSI`] and [`PDI`], for a value placed into a composite display line.
/// Values may nest (a filled sentence placed into another). Stored text never holds an
/// isolate (`text::sanitize` drops them at every entry), so the only isolates in a display
/// line are the interface's own.
pub fn isolate(value: &str) -> String {
    format!("{FSI}{value}{PDI}")
}

/// `text` without the interface's isolates (U+2066-U+2069), for a line a command prints: a
/// terminal or a file reads it without Daftar's text layer. Stored text never holds an isolate,
/// so this removes only what [`fill`] and [`isolate`] added.
pub fn plain(text: &str) -> std::borrow::Cow<'_, str> {
    let is_isolate = |c: char| ('\u{2066}'..='\u{2069}').contains(&c);
    if text.contains(is_isolate) { text.replace(is_isolate, "").into() } else { text.into() }
}

/// [`fill`] without the isolates.
pub fn fill_plain(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

catalog! {
    AppName => "Daftar", "Daftar", "دفتر";
    // Home
    HomeTitle => "Participants", "Participants", "المشاركون";
    HomeEmpty => "No participants yet. Press {key} to register the first one.",
        "Aucun participant. Appuyez sur {key} pour inscrire le premier.",
        "لا يوجد مشاركون بعد. اضغط {key} لتسجيل أول مشارك.";
    HomeNoMatch => "No participant matches the filter.", "Aucun participant ne correspond au filtre.",
        "لا يوجد مشارك يطابق التصفية.";
    ColNameAr => "Name (Arabic)", "Nom (arabe)", "الاسم بالعربية";
    ColNameLatin => "Name (Latin)", "Nom (latin)", "الاسم باللاتينية";
    ColFileNo => "File no.", "N° dossier", "رقم الملف";
    ColLastInterview => "Last interview", "Dernier entretien", "آخر مقابلة";
    FilterPrompt => "Filter: ", "Filtre : ", "تصفية: ";
    // Register
    RegisterTitle => "Register a participant", "Inscrire un participant", "تسجيل مشارك";
    FieldNameAr => "Full name in Arabic", "Nom complet en arabe", "الاسم الكامل بالعربية";
    FieldNameLatin => "Full name in Latin script", "Nom complet en caractères latins",
        "الاسم الكامل بالحروف اللاتينية";
    FieldDob => "Date of birth (dd/mm/yyyy)", "Date de naissance (jj/mm/aaaa)", "تاريخ الميلاد (يوم/شهر/سنة)";
    FieldFileNo => "File number", "Numéro de dossier", "رقم الملف";
    FieldFacility => "Facility", "Établissement", "المؤسسة";
    FieldEntryDate => "Programme entry date (dd/mm/yyyy)",
        "Entrée au programme (jj/mm/aaaa)", "تاريخ الالتحاق بالبرنامج (يوم/شهر/سنة)";
    ErrRequired => "Required: please fill this in.", "Obligatoire : veuillez le remplir.",
        "إلزامي: يرجى ملء هذا الحقل.";
    ErrDate => "Not a date: write it as dd/mm/yyyy, for example 07/03/1990.",
        "Date invalide : écrivez-la jj/mm/aaaa, par exemple 07/03/1990.",
        "تاريخ غير صالح: اكتبه على شكل يوم/شهر/سنة، مثلا 07/03/1990.";
    ErrDateFuture => "This date is in the future.", "Cette date est dans le futur.", "هذا التاريخ في المستقبل.";
    ErrInteger => "Not a whole number.", "Ce n'est pas un nombre entier.", "ليس عددا صحيحا.";
    ErrIntegerRange => "Must be between {min} and {max}.", "Doit être entre {min} et {max}.",
        "يجب أن يكون بين {min} و {max}.";
    ErrDuplicateFileNo => "File number {file} is already registered.",
        "Le numéro de dossier {file} est déjà inscrit.", "رقم الملف {file} مسجل من قبل.";
    ErrFixFields => "Some fields need attention.", "Certains champs sont à corriger.",
        "بعض الحقول تحتاج إلى تصحيح.";
    RegisterSaved => "Participant registered.", "Participant inscrit.", "تم تسجيل المشارك.";
    // Record
    RecordTitle => "Participant record", "Dossier du participant", "ملف المشارك";
    RecordBorn => "Born", "Né(e) le", "تاريخ الميلاد";
    RecordFacility => "Facility", "Établissement", "المؤسسة";
    RecordEntered => "Entered programme", "Entrée au programme", "الالتحاق بالبرنامج";
    RecordInterviews => "Interviews", "Entretiens", "المقابلات";
    RecordNoInterviews => "No interviews yet. Press {key} to start one, the intake first.",
        "Aucun entretien. Appuyez sur {key} pour en commencer un, l'accueil d'abord.",
        "لا توجد مقابلات بعد. اضغط {key} لبدء مقابلة، والاستقبال أولا.";
    ColForm => "Form", "Formulaire", "الاستمارة";
    ColDate => "Date", "Date", "التاريخ";
    ColStatus => "Status", "Statut", "الحالة";
    ColInterviewer => "Interviewer", "Enquêteur", "المقابِل";
    StatusDraft => "draft", "brouillon", "مسودة";
    StatusFinal => "final", "finalisé", "نهائية";
    DraftExists => "A draft of this form exists: resuming it.",
        "Un brouillon de ce formulaire existe : reprise.", "توجد مسودة لهذه الاستمارة: استئنافها.";
    // Wizard
    SectionOf => "Section {i} of {n}", "Section {i} sur {n}", "القسم {i} من {n}";
    Answered => "{done} of {total} answered", "{done} sur {total} renseignés", "{done} من {total} مجاب";
    ReviewTitle => "Review", "Relecture", "مراجعة";
    ReviewMissing => "Missing required answers", "Réponses obligatoires manquantes",
        "إجابات إلزامية ناقصة";
    ReviewNothingMissing => "Every required answer is given.", "Toutes les réponses obligatoires sont données.",
        "كل الإجابات الإلزامية موجودة.";
    ReviewAnswers => "Answers", "Réponses", "الإجابات";
    ReadOnly => "read-only", "lecture seule", "للقراءة فقط";
    NoAnswer => "—", "—", "—";
    Yes => "Yes", "Oui", "نعم";
    No => "No", "Non", "لا";
    DraftSaved => "Draft saved.", "Brouillon enregistré.", "تم حفظ المسودة.";
    Finalized => "Interview finalized.", "Entretien finalisé.", "تم إنهاء المقابلة.";
    CannotFinalize => "Cannot finalize: {n} problems to fix first (listed on this page).",
        "Impossible de finaliser : {n} problèmes à corriger (listés sur cette page).",
        "لا يمكن الإنهاء: {n} مشاكل يجب تصحيحها أولا (مذكورة في هذه الصفحة).";
    HintChoice => "{up}/{down} move · {choose} or {digits} choose · {next} next",
        "{up}/{down} déplacer · {choose} ou {digits} choisir · {next} suivant",
        "{up}/{down} للتنقل · {choose} أو {digits} للاختيار · {next} للتالي";
    HintMulti => "{up}/{down} move · {choose} or {digits} tick/untick · {next} next",
        "{up}/{down} déplacer · {choose} ou {digits} cocher · {next} suivant",
        "{up}/{down} للتنقل · {choose} أو {digits} للتأشير · {next} للتالي";
    HintScale => "{left}/{right} or a digit to choose · {next} next", "{left}/{right} ou un chiffre · {next} suivant",
        "{left}/{right} أو رقم للاختيار · {next} للتالي";
    HintYesNo => "{yes} or {no} (or {left}/{right}) · {next} next", "{yes} ou {no} (ou {left}/{right}) · {next} suivant",
        "{yes} أو {no} (أو {left}/{right}) · {next} للتالي";
    HintNotes => "{newline}: new line · {next}: next field", "{newline} : nouvelle ligne · {next} : champ suivant",
        "{newline}: سطر جديد · {next}: الحقل التالي";
    // First run
    FirstRunTitle => "Welcome to Daftar", "Bienvenue dans Daftar", "مرحبا بك في دفتر";
    FirstRunAsk => "Your name, as interviewer (recorded with every interview):",
        "Votre nom d'enquêteur (enregistré avec chaque entretien) :",
        "اسمك بصفتك مقابِلا (يسجل مع كل مقابلة):";
    // Dialogs
    ConfirmDiscard => "Discard what you typed? ({yes}: discard, {no}: stay)",
        "Abandonner la saisie ? ({yes} : abandonner, {no} : rester)",
        "تجاهل ما كتبته؟ ({yes}: تجاهل، {no}: بقاء)";
    ConfirmFinalize => "Finalize this interview? It becomes read-only. ({yes}/{no})",
        "Finaliser cet entretien ? Il passera en lecture seule. ({yes}/{no})",
        "إنهاء هذه المقابلة؟ ستصبح للقراءة فقط. ({yes}/{no})";
    ConfirmQuitDiscardAnswer => "This answer cannot be saved as it is. Quit and lose it? ({yes}/{no})",
        "Cette réponse ne peut pas être enregistrée telle quelle. Quitter et la perdre ? ({yes}/{no})",
        "لا يمكن حفظ هذه الإجابة كما هي. الخروج وفقدانها؟ ({yes}/{no})";
    ConfirmQuitDiscard => "Quit and discard the unsaved registration? ({yes}/{no})",
        "Quitter et abandonner l'inscription non enregistrée ? ({yes}/{no})",
        "الخروج وتجاهل التسجيل غير المحفوظ؟ ({yes}/{no})";
    ErrStore => "Could not save: {err}", "Enregistrement impossible : {err}", "تعذر الحفظ: {err}";
    TooSmall => "Please enlarge the terminal to at least 80x24 (now {w}x{h}).",
        "Veuillez agrandir le terminal à au moins 80x24 (actuellement {w}x{h}).",
        "يرجى تكبير الطرفية إلى 80x24 على الأقل (الآن {w}x{h}).";
    // Help
    HelpTitle => "Keys", "Touches", "المفاتيح";
    HelpStore => "Store: {path}", "Base : {path}", "المخزن: {path}";
    HelpClose => "{back} or {help} closes this help.", "{back} ou {help} ferme l'aide.", "{back} أو {help} لإغلاق المساعدة.";
    KeyHelp => "help", "aide", "مساعدة";
    KeyQuit => "quit (saves the draft)", "quitter (brouillon enregistré)", "خروج (مع حفظ المسودة)";
    KeyBack => "go back", "revenir", "رجوع";
    KeyUpDown => "move the selection", "déplacer la sélection", "تحريك التحديد";
    KeyOpen => "open the selected item", "ouvrir l'élément choisi", "فتح العنصر المحدد";
    KeyNewParticipant => "register a new participant", "inscrire un nouveau participant", "تسجيل مشارك جديد";
    KeyFilter => "filter the list", "filtrer la liste", "تصفية القائمة";
    KeyFilterDone => "keep the filter and return to the list", "garder le filtre et revenir à la liste",
        "إبقاء التصفية والعودة إلى القائمة";
    KeyFilterClear => "clear the filter", "effacer le filtre", "مسح التصفية";
    KeyNextField => "next field", "champ suivant", "الحقل التالي";
    KeyPrevField => "previous field", "champ précédent", "الحقل السابق";
    KeyNextSection => "next section", "section suivante", "القسم التالي";
    KeyPrevSection => "previous section", "section précédente", "القسم السابق";
    KeySubmit => "save the registration", "enregistrer l'inscription", "حفظ التسجيل";
    KeyNewIntake => "start (or resume) the intake interview", "commencer (ou reprendre) l'entretien d'accueil",
        "بدء (أو استئناف) مقابلة الاستقبال";
    KeyFinalize => "finalize the interview", "finaliser l'entretien", "إنهاء المقابلة";
    KeyKeepDraft => "keep as draft and go back", "garder en brouillon et revenir", "الإبقاء كمسودة والرجوع";
    KeyJump => "go to the selected question", "aller à la question choisie", "الذهاب إلى السؤال المحدد";
    KeyEditText => "type and delete text", "taper et effacer du texte", "كتابة النص وحذفه";
    KeyCursor => "move the cursor", "déplacer le curseur", "تحريك المؤشر";
    KeyChoose => "choose the highlighted option", "choisir l'option en surbrillance", "اختيار الخيار المحدد";
    KeyPickNumber => "choose option by its number", "choisir l'option par son numéro", "اختيار الخيار برقمه";
    KeyYesNo => "answer yes / no", "répondre oui / non", "الإجابة بنعم / لا";
    KeyScaleMove => "lower / raise the value", "baisser / monter la valeur", "خفض / رفع القيمة";
    KeyNewLine => "new line (notes)", "nouvelle ligne (notes)", "سطر جديد (ملاحظات)";
    KeyConfirmYes => "yes", "oui", "نعم";
    KeyConfirmNo => "no", "non", "لا";
    KeyScroll => "scroll", "défiler", "تمرير";
    KeyTypeName => "save your name", "enregistrer votre nom", "حفظ اسمك";
    FormMissing => "Form {form} version {version} is not available in this Daftar.",
        "Le formulaire {form} version {version} n'est pas disponible dans ce Daftar.",
        "الاستمارة {form} النسخة {version} غير متوفرة في هذا الدفتر.";
    ParticipantMissing => "This participant is no longer in the store.", "Ce participant n'est plus dans la base.",
        "هذا المشارك لم يعد موجودا في المخزن.";
    ErrStoreInUse => "The store {path} is in use by another daftar process; close it there first.",
        "La base {path} est utilisée par un autre processus daftar ; fermez-le d'abord.",
        "المخزن {path} مستعمل من طرف عملية daftar أخرى؛ أغلقها أولا.";
    ErrNotAStore => "{path} is not a daftar store ({reason}); nothing was written to it.",
        "{path} n'est pas une base daftar ({reason}) ; rien n'y a été écrit.",
        "{path} ليس مخزن daftar ({reason})؛ لم يكتب فيه أي شيء.";
    ErrCorruptStore => "The store {path} is damaged ({reason}); nothing was written to it.",
        "La base {path} est endommagée ({reason}) ; rien n'y a été écrit.",
        "المخزن {path} تالف ({reason})؛ لم يكتب فيه أي شيء.";
    KeySettings => "settings: how Arabic is shown", "réglages : affichage de l'arabe", "الإعدادات: طريقة عرض العربية";
    KeyUseMode => "use the selected display mode", "utiliser le mode choisi", "استعمال طريقة العرض المحددة";
    KeyKeyboard => "switch keyboard: Arabic layer / as typed", "changer de clavier : arabe / tel quel",
        "تبديل لوحة المفاتيح: عربية / كما هي";
    KeyboardArabic => "{key} keyboard: Arabic", "{key} clavier : arabe", "{key} لوحة المفاتيح: عربية";
    KeyboardAsTyped => "{key} keyboard: as typed", "{key} clavier : tel quel", "{key} لوحة المفاتيح: كما هي";
    ErrLineBreak => "a line break (only notes take several lines)", "un saut de ligne (seules les notes en ont)",
        "سطر جديد (الملاحظات وحدها تقبل عدة أسطر)";
    ErrControl => "Not accepted: {what}.", "Refusé : {what}.", "غير مقبول: {what}.";
    SettingsTitle => "Settings: how Arabic is shown", "Réglages : affichage de l'arabe", "الإعدادات: طريقة عرض العربية";
    SettingsIntro => "Pick the line that reads correctly on this terminal, then press {key}.",
        "Choisissez la ligne qui se lit correctement sur ce terminal, puis {key}.",
        "اختر السطر الذي يظهر بشكل صحيح في هذه الطرفية، ثم اضغط {key}.";
    SettingsSample => "دفتر المتابعة (ملف رقم 2024/153) جاهز", "دفتر المتابعة (ملف رقم 2024/153) جاهز",
        "دفتر المتابعة (ملف رقم 2024/153) جاهز";
    ModeApp => "app: Daftar orders and joins the letters (xterm, tmux, Windows Terminal, kitty)",
        "app : Daftar ordonne et lie les lettres (xterm, tmux, Windows Terminal, kitty)",
        "app: دفتر يرتب الحروف ويصلها (xterm، tmux، Windows Terminal، kitty)";
    ModeReorder => "reorder: Daftar orders, the terminal joins (GNOME Terminal and other VTE)",
        "reorder : Daftar ordonne, le terminal lie (GNOME Terminal et autres VTE)",
        "reorder: دفتر يرتب والطرفية تصل (GNOME Terminal وغيرها من VTE)";
    ModeTerminal => "terminal: the terminal does both (Konsole, PuTTY, mlterm)",
        "terminal : le terminal fait tout (Konsole, PuTTY, mlterm)", "terminal: الطرفية تقوم بالأمرين (Konsole، PuTTY، mlterm)";
    ModeInUse => "in use", "actif", "مستعمل";
    SettingsSaved => "Display mode saved.", "Mode d'affichage enregistré.", "تم حفظ طريقة العرض.";
    ErrTooShort => "Too short: at least {n} characters.", "Trop court : au moins {n} caractères.", "قصير جدا: {n} أحرف على الأقل.";
    ErrUnknownChoice => "“{value}” is not one of this question's choices.",
        "« {value} » ne fait pas partie des choix de cette question.", "«{value}» ليس من خيارات هذا السؤال.";
    ErrWrongKind => "This answer is not of the kind the question takes.",
        "Cette réponse n'est pas du type attendu par la question.", "هذه الإجابة ليست من النوع الذي يقبله السؤال.";
    ItemNothingAsked => "Item added; none of its questions are asked now.",
        "Élément ajouté ; aucune de ses questions n'est posée pour l'instant.",
        "أضيف العنصر؛ لا يُطرح أي من أسئلته الآن.";
    ErrTooLong => "Too long: at most {n} characters.", "Trop long : au plus {n} caractères.", "طويل جدا: {n} أحرف على الأكثر.";
    ErrDecimal => "Not a number (write it like 12.5 or 12,5).", "Ce n'est pas un nombre (écrivez 12,5 ou 12.5).",
        "ليس عددا (اكتبه مثل 12.5 أو 12,5).";
    ErrDateBefore => "Must be on or after {date}.", "Doit être le {date} ou après.", "يجب أن يكون في {date} أو بعده.";
    ErrDateAfter => "Must be on or before {date}.", "Doit être le {date} ou avant.", "يجب أن يكون في {date} أو قبله.";
    ErrTooFewTicked => "Tick at least {n}.", "Cochez-en au moins {n}.", "أشر على {n} على الأقل.";
    ErrTooManyTicked => "Tick at most {n}.", "Cochez-en au plus {n}.", "أشر على {n} على الأكثر.";
    ErrRequiredAgain => "Required. Answer it, or press {key} again to come back to it later.",
        "Obligatoire. Répondez, ou appuyez à nouveau sur {key} pour y revenir plus tard.",
        "إلزامي. أجب عنه، أو اضغط {key} مرة أخرى للرجوع إليه لاحقا.";
    Items => "{n} items", "{n} éléments", "{n} عناصر";
    RepeatItem => "{title}: {i} of {n}", "{title} : {i} sur {n}", "{title}: {i} من {n}";
    RepeatEmpty => "None yet. {add} adds one; {next} goes on.", "Aucun pour l'instant. {add} en ajoute un ; {next} pour continuer.",
        "لا شيء بعد. {add} لإضافة عنصر؛ {next} للمتابعة.";
    RepeatFull => "This group has its maximum of {n} items.", "Ce groupe a déjà son maximum de {n} éléments.",
        "بلغت هذه المجموعة حدها الأقصى: {n} عناصر.";
    TooFewItems => "{title}: at least {n} needed", "{title} : il en faut au moins {n}", "{title}: يلزم {n} على الأقل";
    TooManyItems => "{title}: at most {n} allowed", "{title} : au plus {n}", "{title}: {n} على الأكثر";
    ReviewIssues => "To fix before finalizing", "À corriger avant de finaliser", "يجب تصحيحه قبل الإنهاء";
    ReviewNoIssues => "Nothing stands in the way of finalizing.", "Rien n'empêche de finaliser.", "لا شيء يمنع الإنهاء.";
    IssueMissing => "missing", "manquant", "ناقص";
    ConfirmRemoveItem => "Remove this item and its answers? ({yes}/{no})",
        "Supprimer cet élément et ses réponses ? ({yes}/{no})", "حذف هذا العنصر وإجاباته؟ ({yes}/{no})";
    KeyAddItem => "add an item to this group", "ajouter un élément à ce groupe", "إضافة عنصر إلى هذه المجموعة";
    KeyRemoveItem => "remove the item shown", "supprimer l'élément affiché", "حذف العنصر المعروض";
    KeyNewInterview => "new interview (choose the form)", "nouvel entretien (choisir le formulaire)", "مقابلة جديدة (اختيار الاستمارة)";
    PickFormTitle => "Which form?", "Quel formulaire ?", "أي استمارة؟";
    Calculated => "calculated", "calculé", "محسوب";
    FormsBroken => "Some stored forms could not be read: {forms}", "Des formulaires enregistrés sont illisibles : {forms}",
        "تعذرت قراءة بعض الاستمارات المخزنة: {forms}";
    KeyNextTab => "next list: all, overdue, due this week", "liste suivante : tous, en retard, cette semaine",
        "القائمة التالية: الكل، المتأخرون، هذا الأسبوع";
    KeyDashboard => "dashboard", "tableau de bord", "لوحة القيادة";
    KeyChangeStage => "change the programme stage", "changer l'étape du programme", "تغيير مرحلة البرنامج";
    KeyProgress => "progress charts", "graphiques de progression", "مبيانات التقدم";
    KeySaveStage => "record the change of stage", "enregistrer le changement d'étape", "تسجيل تغيير المرحلة";
    KeyOtherAxis => "other axis", "autre axe", "محور آخر";
    TabAll => "All ({n})", "Tous ({n})", "الكل ({n})";
    TabOverdue => "Overdue ({n})", "En retard ({n})", "متأخرون ({n})";
    TabDueSoon => "Due this week ({n})", "Cette semaine ({n})", "هذا الأسبوع ({n})";
    ColDue => "Due", "Échéance", "الموعد";
    DueLate => "{n} days late", "{n} j de retard", "متأخر {n} يوما";
    DueToday => "today", "aujourd'hui", "اليوم";
    DueIn => "in {n} days", "dans {n} j", "بعد {n} يوما";
    NextDue => "Next: {form} on {date} ({when})", "Prochain : {form} le {date} ({when})", "القادم: {form} في {date} ({when})";
    NothingDue => "No interview scheduled.", "Aucun entretien prévu.", "لا توجد مقابلة مبرمجة.";
    StageLabel => "Stage", "Étape", "المرحلة";
    StageSince => "{stage} since {date}", "{stage} depuis le {date}", "{stage} منذ {date}";
    StageIntake => "Intake", "Accueil", "الاستقبال";
    StageInProgramme => "In programme", "Dans le programme", "داخل البرنامج";
    StageReleased => "Released", "Libéré", "مفرج عنه";
    StageAftercare => "Aftercare", "Suivi post-libération", "الرعاية اللاحقة";
    StageClosed => "Closed", "Clos", "مغلق";
    StageChange => "{from} → {to}: {reason}", "{from} → {to} : {reason}", "{from} ← {to}: {reason}";
    StageTitle => "Change the programme stage", "Changer l'étape du programme", "تغيير مرحلة البرنامج";
    StageNew => "New stage", "Nouvelle étape", "المرحلة الجديدة";
    StageDate => "Date of the change (dd/mm/yyyy)", "Date du changement (jj/mm/aaaa)", "تاريخ التغيير (يوم/شهر/سنة)";
    StageReason => "Reason", "Motif", "السبب";
    StageRecorded => "Stage recorded.", "Étape enregistrée.", "تم تسجيل المرحلة.";
    ErrStageSame => "The participant is already at this stage.", "Le participant est déjà à cette étape.",
        "المشارك في هذه المرحلة أصلا.";
    ErrStageBefore => "Before the current stage began ({date}).",
        "Avant le début de l'étape actuelle ({date}).", "قبل بداية المرحلة الحالية ({date}).";
    ProgressTitle => "Progress", "Progression", "التقدم";
    ProgressAxis => "Axis {i} of 3: {axis}", "Axe {i} sur 3 : {axis}", "المحور {i} من 3: {axis}";
    AxisSelf => "Reconciliation with oneself", "Réconciliation avec soi-même", "المصالحة مع الذات";
    AxisTexts => "Reconciliation with religious texts", "Réconciliation avec les textes religieux", "المصالحة مع النصوص الدينية";
    AxisSociety => "Reconciliation with society", "Réconciliation avec la société", "المصالحة مع المجتمع";
    AxisSelfShort => "Oneself", "Soi-même", "الذات";
    AxisTextsShort => "Religious texts", "Textes religieux", "النصوص الدينية";
    AxisSocietyShort => "Society", "Société", "المجتمع";
    ProgressNone => "No score on this axis yet.", "Aucun score sur cet axe pour l'instant.", "لا توجد نقطة في هذا المحور بعد.";
    Attendance => "Attendance: {n} of {total} sessions attended", "Présence : {n} séances sur {total}",
        "الحضور: {n} من {total} جلسات";
    DashboardTitle => "Dashboard", "Tableau de bord", "لوحة القيادة";
    PerStage => "Participants per stage", "Participants par étape", "المشاركون حسب المرحلة";
    FollowUps => "Follow-ups: {late} overdue, {soon} due this week", "Suivis : {late} en retard, {soon} cette semaine",
        "المتابعات: {late} متأخرة، {soon} هذا الأسبوع";
    SessionsPerMonth => "Sessions per axis per month", "Séances par axe et par mois", "الجلسات حسب المحور والشهر";
    DuplicatePerson => "{name}, born {date}, is already registered (file {file}). Register anyway? ({yes}/{no})",
        "{name}, né(e) le {date}, est déjà inscrit(e) (dossier {file}). Inscrire quand même ? ({yes}/{no})",
        "{name}، المزداد في {date}، مسجل من قبل (الملف {file}). التسجيل رغم ذلك؟ ({yes}/{no})";
    // Form-level
    RequiredMark => "*", "*", "*";

    // ---- issue 9: damaged stores and salvage ----
    // (entries for this part go below this line)
    ErrDamagedStore => "The store {path} is damaged at byte {offset} of {file} ({what}). Nothing was written to it. To copy what can still be read into a new store: daftar store salvage {path} NEW-PATH",
        "La base {path} est endommagée à l'octet {offset} de {file} ({what}). Rien n'y a été écrit. Pour copier ce qui peut encore être lu dans une nouvelle base : daftar store salvage {path} NOUVEAU-CHEMIN",
        "المخزن {path} تالف عند البايت {offset} من {file} ({what}). لم يكتب فيه أي شيء. لنسخ ما يمكن قراءته بعد إلى مخزن جديد: daftar store salvage {path} NEW-PATH";
    ErrEngineRefused => "The database engine could not open the store {path} ({reason}), although it passed Daftar's check. Keep a copy of the directory as it is now, and run daftar store salvage on that copy.",
        "Le moteur de base n'a pas pu ouvrir la base {path} ({reason}), bien qu'elle ait passé la vérification de Daftar. Gardez une copie du répertoire tel qu'il est, et lancez daftar store salvage sur cette copie.",
        "لم يستطع محرك قاعدة البيانات فتح المخزن {path} ({reason})، مع أنه اجتاز تحقق Daftar. احتفظ بنسخة من المجلد كما هو الآن، وشغّل daftar store salvage على تلك النسخة.";
    SalvageDestExists => "{dest} already exists; salvage writes only to a new path.",
        "{dest} existe déjà ; la récupération n'écrit que vers un nouveau chemin.",
        "{dest} موجود بالفعل؛ الإنقاذ لا يكتب إلا في مسار جديد.";
    SalvageDamaged => "{path} is damaged at byte {offset} of {file} ({what}); it was only read.",
        "{path} est endommagée à l'octet {offset} de {file} ({what}) ; elle a seulement été lue.",
        "{path} تالف عند البايت {offset} من {file} ({what})؛ تمت قراءته فقط.";
    SalvageHealthy => "{path} passed verification; it was only read.",
        "{path} a passé la vérification ; elle a seulement été lue.",
        "{path} اجتاز التحقق؛ تمت قراءته فقط.";
    SalvageFromLog => "The database engine cannot open even a copy of it; records were found by reading its log message by message (settings are not recovered).",
        "Le moteur de base ne peut en ouvrir même une copie ; les enregistrements ont été retrouvés en lisant son journal message par message (les réglages ne sont pas récupérés).",
        "محرك قاعدة البيانات لا يستطيع فتح حتى نسخة منه؛ عُثر على السجلات بقراءة سجله رسالة رسالة (الإعدادات لا تُسترجع).";
    SalvageLogOnly => "1 record the database engine no longer reached was found by reading the log.|{n} records the database engine no longer reached were found by reading the log.",
        "1 enregistrement que le moteur de base n'atteignait plus a été retrouvé en lisant le journal.|{n} enregistrements que le moteur de base n'atteignait plus ont été retrouvés en lisant le journal.",
        "عُثر على سجل واحد لم يعد محرك قاعدة البيانات يصل إليه بقراءة السجل.|عُثر على {n} من السجلات التي لم يعد محرك قاعدة البيانات يصل إليها بقراءة السجل.";
    SalvageCopied => "copied from {tree}: {n}",
        "copiés depuis {tree} : {n}",
        "نسخ من {tree}: {n}";
    SalvageUnreadable => "could not be read: {tree} {key}",
        "illisible : {tree} {key}",
        "تعذرت قراءته: {tree} {key}";
    SalvageDoneAll => "Every record was read; the new store is {dest}.",
        "Tous les enregistrements ont été lus ; la nouvelle base est {dest}.",
        "قرئت كل السجلات؛ المخزن الجديد هو {dest}.";
    SalvageDoneSome => "The new store is {dest}; it holds what could be read. Records in the damaged part that no other readable copy holds are lost; {n} more item(s) listed above could not be read.",
        "La nouvelle base est {dest} ; elle contient ce qui a pu être lu. Les enregistrements de la partie endommagée dont aucune autre copie lisible n'existe sont perdus ; {n} autre(s) élément(s) ci-dessus n'ont pas pu être lus.",
        "المخزن الجديد هو {dest}؛ وفيه ما أمكنت قراءته. السجلات التي في الجزء التالف ولا توجد لها نسخة أخرى مقروءة ضاعت؛ وتعذرت قراءة {n} من العناصر الأخرى المذكورة أعلاه.";

    // ---- issue 9: saving, full disk and opening ----
    // (entries for this part go below this line)

    // ---- issue 9: import and form checking at scale ----
    // (entries for this part go below this line)

    // ---- issue 9: backups and restore ----
    // (entries for this part go below this line)

    // ---- issue 9: signals and durability ----
    // (entries for this part go below this line)

    // ---- issue 8: keyboard layer and inputs ----
    // (entries for this part go below this line)
    ConfirmQuitDiscardStage => "Quit and discard the change of stage not yet recorded? Its date and reason are lost. ({yes}/{no})",
        "Quitter et abandonner le changement d'étape non enregistré ? Sa date et son motif seront perdus. ({yes}/{no})",
        "الخروج وتجاهل تغيير المرحلة غير المسجل؟ سيضيع تاريخه وسببه. ({yes}/{no})";
    ErrPasteTooLong => "Nothing pasted: too long, this field holds at most {n} characters.",
        "Rien n'est collé : trop long, ce champ contient au plus {n} caractères.",
        "لم يُلصق شيء: النص طويل جدا، لا يقبل هذا الحقل أكثر من {n} حرفا.";
    // The tag drawn inside a text field while keys go through the Arabic keyboard layer.
    KeyboardTag => "ع", "ع", "ع";


    // ---- issue 8: domain rules, import and commands ----
    // (entries for this part go below this line)
    ErrDateNoDay => "That day does not exist: this month has {n} days.",
        "Ce jour n'existe pas : ce mois a {n} jours.", "هذا اليوم غير موجود: هذا الشهر فيه {n} يوما.";
    ErrDateNoMonth => "That month does not exist: months go from 1 to 12.",
        "Ce mois n'existe pas : les mois vont de 1 à 12.", "هذا الشهر غير موجود: الأشهر من 1 إلى 12.";
    ErrDateTooEarly => "Too early: no date before {date} can be recorded.",
        "Trop ancien : aucune date avant le {date} ne peut être enregistrée.",
        "قديم جدا: لا يمكن تسجيل تاريخ قبل {date}.";
    ErrEntryBeforeBirth => "The programme entry date is before the date of birth.",
        "L'entrée au programme précède la date de naissance.", "تاريخ الالتحاق بالبرنامج قبل تاريخ الازدياد.";
    ErrAgeAtEntry => "The age at entry would be {age}; it must be between {min} and {max}.",
        "L'âge à l'entrée serait de {age} ans ; il doit être entre {min} et {max}.",
        "سيكون السن عند الالتحاق {age}؛ يجب أن يكون بين {min} و {max}.";
    ErrFileNumberChars => "Not allowed: {char}. A file number uses A-Z, a-z, 0-9, ٠-٩, - and /.",
        "Refusé : {char}. Permis : A-Z, a-z, 0-9, ٠-٩, - et /.",
        "غير مقبول: {char}. رقم الملف يكتب بـ A-Z و a-z و 0-9 و ٠-٩ و - و /.";
    ErrControlChar => "Not accepted: the control character {code}.", "Refusé : le caractère de contrôle {code}.",
        "غير مقبول: حرف التحكم {code}.";
    WarnMixedScript => "The word “{word}” mixes writing systems (for example a Cyrillic letter among Latin ones).",
        "Le mot « {word} » mêle plusieurs écritures (par exemple une lettre cyrillique parmi des latines).",
        "الكلمة «{word}» تخلط بين أنظمة كتابة (مثلا حرف سيريلي بين حروف لاتينية).";
    ConfirmMixedScript => "The word “{word}” mixes writing systems, so this name may look like another. Register anyway? ({yes}/{no})",
        "Le mot « {word} » mêle plusieurs écritures : ce nom peut en imiter un autre. Inscrire quand même ? ({yes}/{no})",
        "الكلمة «{word}» تخلط بين أنظمة كتابة، فقد يشبه هذا الاسم اسما آخر. التسجيل رغم ذلك؟ ({yes}/{no})";
    ImpNotJson => "not a JSON object ({err})", "pas un objet JSON ({err})", "ليس كائن JSON ({err})";
    ImpNotParticipant => "not a participant line: “record” must be “participant”, “interview” or “stage”",
        "pas une ligne de participant : « record » doit valoir « participant », « interview » ou « stage »",
        "ليس سطر مشارك: يجب أن تكون «record» هي «participant» أو «interview» أو «stage»";
    ImpNotText => "must be text", "doit être du texte", "يجب أن يكون نصا";
    ImpEmpty => "the file is empty: it needs a header row naming the columns",
        "le fichier est vide : il lui faut une ligne d'en-tête nommant les colonnes",
        "الملف فارغ: يلزمه سطر عناوين يسمي الأعمدة";
    ImpUnknownColumn => "unknown column “{column}”{hint}; the columns are {columns}",
        "colonne inconnue « {column} »{hint} ; les colonnes sont {columns}",
        "عمود غير معروف «{column}»{hint}؛ الأعمدة هي {columns}";
    ImpDidYouMean => " (did you mean “{word}”?)", " (vouliez-vous dire « {word} » ?)", " (هل تقصد «{word}»؟)";
    ImpMissingColumn => "the header row has no “{column}” column", "la ligne d'en-tête n'a pas de colonne « {column} »",
        "سطر العناوين ليس فيه عمود «{column}»";
    ImpCellCount => "this row has {n} cells, the header row {total}", "cette ligne a {n} cellules, l'en-tête {total}",
        "في هذا السطر {n} خلايا وفي سطر العناوين {total}";
    ImpTextAfterQuote => "text after the closing quote of a cell; put the whole cell in quotes and double any quote inside it",
        "du texte après le guillemet fermant d'une cellule ; mettez toute la cellule entre guillemets et doublez ceux qu'elle contient",
        "نص بعد علامة التنصيص الختامية لخلية؛ ضع الخلية كلها بين علامتي تنصيص وضاعف أي علامة داخلها";
    ImpQuoteInCell => "a quote inside a cell that does not start with one; put the whole cell in quotes and double the quote",
        "un guillemet dans une cellule qui n'en commence pas par un ; mettez toute la cellule entre guillemets et doublez-le",
        "علامة تنصيص داخل خلية لا تبدأ بها؛ ضع الخلية كلها بين علامتي تنصيص وضاعف العلامة";
    ImpUnclosedQuote => "a quoted cell is never closed", "une cellule entre guillemets n'est jamais fermée",
        "خلية بين علامتي تنصيص لم تغلق أبدا";
    ImpBadId => "id “{id}” is not a daftar id", "l'identifiant « {id} » n'est pas un identifiant daftar",
        "المعرف «{id}» ليس معرف daftar";
    ImpDuplicateId => "id {id} is also on line {line}", "l'identifiant {id} est aussi à la ligne {line}",
        "المعرف {id} موجود أيضا في السطر {line}";
    ImpDuplicateFile => "file number {file} is the same as on line {line}", "le numéro de dossier {file} est le même qu'à la ligne {line}",
        "رقم الملف {file} هو نفسه الموجود في السطر {line}";
    ImpIdDiffers => "id {id} is already in the store with different details; nothing is overwritten",
        "l'identifiant {id} est déjà dans la base avec d'autres données ; rien n'est remplacé",
        "المعرف {id} موجود في المخزن ببيانات مختلفة؛ لا يستبدل أي شيء";
    ImpFileTaken => "file number {file} is already registered to a different participant (file {other})",
        "le numéro de dossier {file} est déjà celui d'un autre participant (dossier {other})",
        "رقم الملف {file} مسجل لمشارك آخر (الملف {other})";
    ImpWarning => "warning: {text}", "avertissement : {text}", "تنبيه: {text}";
    ImpProblems => "1 problem found; nothing was imported|{n} problems found; nothing was imported",
        "{n} problème trouvé ; rien n'a été importé|{n} problèmes trouvés ; rien n'a été importé",
        "وجدت مشكلة واحدة؛ لم يستورد أي شيء|وجدت مشكلتان؛ لم يستورد أي شيء|وجدت {n} مشاكل؛ لم يستورد أي شيء|وجدت {n} مشكلة؛ لم يستورد أي شيء";
    ImpAdded => "imported 1 participant|imported {n} participants", "{n} participant importé|{n} participants importés",
        "استورد مشارك واحد|استورد مشاركان|استورد {n} مشاركين|استورد {n} مشاركا";
    ImpPresent => "already in the store: {n}", "déjà dans la base : {n}", "موجود في المخزن من قبل: {n}";
    ImpOtherLines => "interview and stage lines not imported (participants only): {n}",
        "lignes d'entretiens et d'étapes non importées (participants seulement) : {n}",
        "أسطر المقابلات والمراحل التي لم تستورد (المشاركون فقط): {n}";
    ImpWarnings => "1 warning|{n} warnings", "{n} avertissement|{n} avertissements",
        "تنبيه واحد|تنبيهان|{n} تنبيهات|{n} تنبيها";
    ImpChecking => "checking rows: {done} of {total}", "vérification des lignes : {done} sur {total}",
        "فحص الأسطر: {done} من {total}";
    CmdNoStore => "There is no daftar store at {path}; check --store (only the interface creates a store, on its first run).",
        "Il n'y a pas de base daftar à {path} ; vérifiez --store (seule l'interface crée une base, à son premier lancement).",
        "لا يوجد مخزن daftar في {path}؛ تحقق من --store (الواجهة وحدها تنشئ مخزنا عند أول تشغيل).";
    CmdIndexRebuilt => "index rebuilt: 1 participant|index rebuilt: {n} participants",
        "index reconstruit : {n} participant|index reconstruit : {n} participants",
        "أعيد بناء الفهرس: مشارك واحد|أعيد بناء الفهرس: مشاركان|أعيد بناء الفهرس: {n} مشاركين|أعيد بناء الفهرس: {n} مشاركا";
    CmdBuiltin => "built-in", "intégré", "مدمج";
    CmdInstalled => "installed", "installé", "مثبت";
    CmdOlderVersion => "(older version)", "(version antérieure)", "(نسخة أقدم)";
    CmdUnreadable => "(unreadable: {err})", "(illisible : {err})", "(غير مقروء: {err})";
    CmdFormInstalled => "installed form “{form}” version {version}", "formulaire « {form} » version {version} installé",
        "ثبت النموذج «{form}» النسخة {version}";
    CmdFormNotNewer => "form “{form}” version {version} is not newer than the version {n} in the store; raise “version” to install it",
        "le formulaire « {form} » version {version} n'est pas plus récent que la version {n} de la base ; augmentez « version » pour l'installer",
        "النموذج «{form}» النسخة {version} ليس أحدث من النسخة {n} في المخزن؛ ارفع «version» لتثبيته";
    CmdFormHasErrors => "the form has errors and was not installed:", "le formulaire a des erreurs et n'a pas été installé :",
        "في النموذج أخطاء ولم يثبت:";
    CmdFormsFailed => "{n} of {total} form files have errors", "{n} fichiers de formulaire sur {total} ont des erreurs",
        "{n} من {total} ملفات نماذج فيها أخطاء";
    CmdNotUtf8 => "{path}: the file is not UTF-8 text", "{path} : le fichier n'est pas du texte UTF-8",
        "{path}: الملف ليس نصا بترميز UTF-8";
    CmdInputNotUtf8 => "line {n} of the input is not UTF-8", "la ligne {n} de l'entrée n'est pas en UTF-8",
        "السطر {n} من المدخلات ليس بترميز UTF-8";
    CmdWidthZero => "--width must be at least 1", "--width doit valoir au moins 1", "يجب أن تكون --width واحدا على الأقل";


    // ---- issue 8: forms and stage changes ----
    // (entries for this part go below this line)
    FinalizedStage => "Interview finalized. The stage changed with it.",
        "Entretien finalisé. L'étape a changé avec lui.",
        "تم إنهاء المقابلة. وتغيرت المرحلة معها.";
    FinalizeStageRefused => "Not finalized, draft kept: {reason}",
        "Non finalisé, brouillon gardé : {reason}",
        "لم تُنهَ المقابلة، والمسودة محفوظة: {reason}";
    FinalizeStageNoDate => "Not finalized: this form changes the stage on the date “{field}”, which has no answer.",
        "Non finalisé : ce formulaire change l'étape à la date « {field} », qui n'a pas de réponse.",
        "لم تُنهَ المقابلة: هذه الاستمارة تغير المرحلة في تاريخ «{field}»، ولا جواب له.";


    // ---- issue 8: text layer ----
    // (entries for this part go below this line)


    // ---- issue 8: screens and messages ----
    // (entries for this part go below this line)
    // Key names, for the keymap only: every other string names a key through a placeholder.
    KeyNameEnter => "Enter", "Entrée", "Enter";
    KeyNameEsc => "Esc", "Échap", "Esc";
    KeyNameSpace => "Space", "Espace", "مسافة";
    KeyNameTab => "Tab", "Tab", "Tab";
    KeyNameShiftTab => "Shift-Tab", "Maj-Tab", "Shift-Tab";
    KeyNamePageDown => "PgDn", "PgSuiv", "PgDn";
    KeyNamePageUp => "PgUp", "PgPréc", "PgUp";
    KeyNameHome => "Home", "Début", "Home";
    KeyNameEnd => "End", "Fin", "End";
    KeyNameBackspace => "Backspace", "Retour arrière", "Backspace";
    KeyNameDelete => "Delete", "Suppr", "Delete";
    KeyNameCtrl => "Ctrl", "Ctrl", "Ctrl";
    KeyNameTyping => "a-z …", "a-z …", "أ-ي …";
    KeyShowAnswer => "show the whole answer", "afficher toute la réponse", "عرض الإجابة كاملة";
    KeyClose => "close", "fermer", "إغلاق";
    // Between a label and its value: French puts a space before the colon.
    Colon => ": ", " : ", ": ";
    AnswerTitle => "Whole answer", "Réponse complète", "الإجابة كاملة";
    TabOverdueEmpty => "Nobody is overdue.", "Personne n'est en retard.", "لا أحد متأخر.";
    TabDueSoonEmpty => "Nobody is due this week.", "Personne n'est attendu cette semaine.",
        "لا أحد موعده هذا الأسبوع.";

}

impl T {
    /// An entry whose text has plural forms separated by `|` (English and French: one, other;
    /// Arabic: one, two, few (3-10), many), in the form `n` takes in `lang`, `{n}` filled.
    pub fn count(self, lang: Lang, n: usize) -> String {
        let forms: Vec<&str> = self.get(lang).split('|').collect();
        let form = match lang {
            Lang::En if n == 1 => 0,
            Lang::Fr if n <= 1 => 0,
            Lang::En | Lang::Fr => 1,
            Lang::Ar => match n {
                1 => 0,
                2 => 1,
                _ if (3..=10).contains(&(n % 100)) => 2,
                _ => 3,
            },
        };
        let text = forms.get(form).or(forms.last()).copied().unwrap_or_default();
        text.replace("{n}", &n.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_translated_in_every_language() {
        for key in T::ALL {
            for lang in Lang::ALL {
                assert!(!key.get(lang).trim().is_empty(), "{key:?} is empty in {lang}");
            }
        }
    }

    #[test]
    fn placeholders_survive_translation() {
        for key in T::ALL {
            let en = T::get(*key, Lang::En);
            for lang in [Lang::Fr, Lang::Ar] {
                for name in [
                    "{min}",
                    "{max}",
                    "{file}",
                    "{i}",
                    "{n}",
                    "{done}",
                    "{total}",
                    "{err}",
                    "{w}",
                    "{h}",
                    "{path}",
                    "{form}",
                    "{version}",
                    "{reason}",
                ] {
                    assert_eq!(en.contains(name), key.get(lang).contains(name), "{key:?} {name} in {lang}");
                }
            }
        }
    }

    #[test]
    fn plain_removes_only_the_interfaces_isolates() {
        let line = T::ErrDuplicateFileNo.fill(Lang::Ar, &[("file", "153/B")]);
        assert_ne!(line, T::ErrDuplicateFileNo.fill_plain(Lang::Ar, &[("file", "153/B")]));
        assert_eq!(plain(&line), T::ErrDuplicateFileNo.fill_plain(Lang::Ar, &[("file", "153/B")]));
        assert!(matches!(plain("سعيد A-1001"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn locale_picks_language() {
        assert_eq!(Lang::from_locale("fr_FR.UTF-8"), Lang::Fr);
        assert_eq!(Lang::from_locale("ar_MA.UTF-8"), Lang::Ar);
        assert_eq!(Lang::from_locale("C.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
    }

    #[test]
    fn counts_take_the_plural_form_of_each_language() {
        assert_eq!(T::ImpProblems.count(Lang::En, 1), "1 problem found; nothing was imported");
        assert_eq!(T::ImpProblems.count(Lang::En, 2), "2 problems found; nothing was imported");
        assert_eq!(T::ImpWarnings.count(Lang::Fr, 0), "0 avertissement");
        assert_eq!(T::ImpWarnings.count(Lang::Ar, 2), "تنبيهان");
        assert_eq!(T::ImpWarnings.count(Lang::Ar, 5), "5 تنبيهات");
        assert_eq!(T::ImpWarnings.count(Lang::Ar, 12), "12 تنبيها");
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(T::SectionOf.fill_plain(Lang::En, &[("i", "2"), ("n", "8")]), "Section 2 of 8");
        assert_eq!(
            T::SectionOf.fill(Lang::En, &[("i", "2"), ("n", "8")]),
            "Section \u{2068}2\u{2069} of \u{2068}8\u{2069}"
        );
    }
}

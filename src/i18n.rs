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
    /// The text with each `{name}` replaced by its value from `args`.
    pub fn fill(self, lang: Lang, args: &[(&str, &str)]) -> String {
        fill(self.get(lang), args)
    }
}

/// Replaces each `{name}` in `template` by its value in `args`; unknown names are left visible so
/// a catalog mistake shows on screen instead of silently dropping words.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
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
    ColNameLatin => "Name (Latin)", "Nom (latin)", "الاسم بالحروف اللاتينية";
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
    HintChoice => "↑/↓ move · Space or 1-9 choose · Enter next",
        "↑/↓ déplacer · Espace ou 1-9 choisir · Entrée suivant",
        "↑/↓ للتنقل · المسافة أو 1-9 للاختيار · Enter للتالي";
    HintMulti => "↑/↓ move · Space or 1-9 tick/untick · Enter next",
        "↑/↓ déplacer · Espace ou 1-9 cocher · Entrée suivant",
        "↑/↓ للتنقل · المسافة أو 1-9 للتأشير · Enter للتالي";
    HintScale => "←/→ or a digit to choose · Enter next", "←/→ ou un chiffre · Entrée suivant",
        "←/→ أو رقم للاختيار · Enter للتالي";
    HintYesNo => "y or n (or ←/→) · Enter next", "o ou n (ou ←/→) · Entrée suivant",
        "y أو n (أو ←/→) · Enter للتالي";
    HintNotes => "Enter: new line · Tab: next field", "Entrée : nouvelle ligne · Tab : champ suivant",
        "Enter: سطر جديد · Tab: الحقل التالي";
    // First run
    FirstRunTitle => "Welcome to Daftar", "Bienvenue dans Daftar", "مرحبا بك في دفتر";
    FirstRunAsk => "Your name, as interviewer (recorded with every interview):",
        "Votre nom d'enquêteur (enregistré avec chaque entretien) :",
        "اسمك بصفتك مقابِلا (يسجل مع كل مقابلة):";
    // Dialogs
    ConfirmDiscard => "Discard what you typed? (y: discard, n: stay)",
        "Abandonner la saisie ? (o : abandonner, n : rester)",
        "تجاهل ما كتبته؟ (y: تجاهل، n: بقاء)";
    ConfirmFinalize => "Finalize this interview? It becomes read-only. (y/n)",
        "Finaliser cet entretien ? Il passera en lecture seule. (o/n)",
        "إنهاء هذه المقابلة؟ ستصبح للقراءة فقط. (y/n)";
    ConfirmQuitDiscardAnswer => "This answer cannot be saved as it is. Quit and lose it? (y/n)",
        "Cette réponse ne peut pas être enregistrée telle quelle. Quitter et la perdre ? (o/n)",
        "لا يمكن حفظ هذه الإجابة كما هي. الخروج وفقدانها؟ (y/n)";
    ConfirmQuitDiscard => "Quit and discard the unsaved registration? (y/n)",
        "Quitter et abandonner l'inscription non enregistrée ? (o/n)",
        "الخروج وتجاهل التسجيل غير المحفوظ؟ (y/n)";
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
    ErrRequiredAgain => "Required. Answer it, or press Enter again to come back to it later.",
        "Obligatoire. Répondez, ou Entrée à nouveau pour y revenir plus tard.",
        "إلزامي. أجب عنه، أو اضغط Enter مرة أخرى للرجوع إليه لاحقا.";
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
    ConfirmRemoveItem => "Remove this item and its answers? (y/n)", "Supprimer cet élément et ses réponses ? (o/n)",
        "حذف هذا العنصر وإجاباته؟ (y/n)";
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
    ErrStageBefore => "The date is before the current stage began ({date}).",
        "La date précède le début de l'étape actuelle ({date}).", "التاريخ قبل بداية المرحلة الحالية ({date}).";
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
    DuplicatePerson => "{name}, born {date}, is already registered (file {file}). Register anyway? (y/n)",
        "{name}, né(e) le {date}, est déjà inscrit(e) (dossier {file}). Inscrire quand même ? (o/n)",
        "{name}، المزداد في {date}، مسجل من قبل (الملف {file}). التسجيل رغم ذلك؟ (y/n)";
    // Form-level
    RequiredMark => "*", "*", "*";

    // ---- issue 8: keyboard layer and inputs ----
    // (entries for this part go below this line)
    ConfirmQuitDiscardStage => "Quit and discard the change of stage not yet recorded? Its date and reason are lost. (y/n)",
        "Quitter et abandonner le changement d'étape non enregistré ? Sa date et son motif seront perdus. (o/n)",
        "الخروج وتجاهل تغيير المرحلة غير المسجل؟ سيضيع تاريخه وسببه. (y/n)";
    ErrPasteTooLong => "Nothing pasted: too long, this field holds at most {n} characters.",
        "Rien n'est collé : trop long, ce champ contient au plus {n} caractères.",
        "لم يُلصق شيء: النص طويل جدا، لا يقبل هذا الحقل أكثر من {n} حرفا.";
    // The tag drawn inside a text field while keys go through the Arabic keyboard layer.
    KeyboardTag => "ع", "ع", "ع";


    // ---- issue 8: domain rules, import and commands ----
    // (entries for this part go below this line)


    // ---- issue 8: forms and stage changes ----
    // (entries for this part go below this line)
    FinalizedStage => "Interview finalized. The stage changed with it.",
        "Entretien finalisé. L'étape a changé avec lui.",
        "تم إنهاء المقابلة. وتغيرت المرحلة معها.";
    FinalizeStageRefused => "Not finalized, draft kept: {reason}",
        "Non finalisé, brouillon conservé : {reason}",
        "لم تُنهَ المقابلة، والمسودة محفوظة: {reason}";
    FinalizeStageNoDate => "Not finalized: this form changes the stage on the date “{field}”, which has no answer.",
        "Non finalisé : ce formulaire change l'étape à la date « {field} », qui n'a pas de réponse.",
        "لم تُنهَ المقابلة: هذه الاستمارة تغير المرحلة في تاريخ «{field}»، ولا جواب له.";


    // ---- issue 8: text layer ----
    // (entries for this part go below this line)


    // ---- issue 8: screens and messages ----
    // (entries for this part go below this line)

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
    fn locale_picks_language() {
        assert_eq!(Lang::from_locale("fr_FR.UTF-8"), Lang::Fr);
        assert_eq!(Lang::from_locale("ar_MA.UTF-8"), Lang::Ar);
        assert_eq!(Lang::from_locale("C.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(T::SectionOf.fill(Lang::En, &[("i", "2"), ("n", "8")]), "Section 2 of 8");
    }
}

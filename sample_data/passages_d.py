"""Hand-written source passages doc-037 to doc-048 with their extractive QA facts."""

from __future__ import annotations

PASSAGES_D: list[dict] = [
    {
        "doc_id": "doc-037",
        "title": "The Rosetta Stone",
        "topic": "archaeology",
        "chunks": [
            "The Rosetta Stone is a slab of granodiorite inscribed in 196 BC with a decree issued at "
            "Memphis on behalf of the young king Ptolemy V. The same text appears three times: in "
            "Egyptian hieroglyphs, in Demotic script and in ancient Greek. French soldiers found the "
            "stone in July 1799 while rebuilding a fort near the town of Rashid, known to Europeans as "
            "Rosetta, during Napoleon's campaign in Egypt. After the French surrendered in 1801, the "
            "stone passed to the British under the Treaty of Alexandria, and it has been displayed in the "
            "British Museum since 1802.",
            "Because scholars could read the Greek, the stone offered a key to the lost hieroglyphic "
            "script. The English polymath Thomas Young showed that oval rings called cartouches enclosed "
            "royal names and identified the name of Ptolemy. The breakthrough came from the French "
            "scholar Jean-François Champollion, who announced in a letter of September 1822 that "
            "hieroglyphs combined sound signs with signs for ideas. His knowledge of Coptic, the last "
            "stage of the Egyptian language, proved essential. The stone stands about 112 centimetres "
            "tall and weighs roughly 760 kilograms, and Egypt has repeatedly asked for its return.",
        ],
        "facts": [
            ("What kind of rock is the Rosetta Stone made of?", "granodiorite"),
            ("In what year was the Rosetta Stone inscribed?", "196 BC"),
            ("In which city was the decree on the Rosetta Stone issued?", "Memphis"),
            ("On behalf of which king was the Rosetta decree issued?", "Ptolemy V"),
            ("How many times does the same text appear on the Rosetta Stone?", "three times"),
            (
                "Which script appears between the hieroglyphs and the Greek on the stone?",
                "Demotic script",
            ),
            ("Who found the Rosetta Stone?", "French soldiers"),
            ("When was the Rosetta Stone discovered?", "July 1799"),
            (
                "What were the French soldiers doing when they found the Rosetta Stone?",
                "rebuilding a fort",
            ),
            ("What is the local name of the town Europeans called Rosetta?", "Rashid"),
            (
                "During whose military expedition was the Rosetta Stone found?",
                "Napoleon's campaign",
            ),
            ("When did the French surrender in Egypt?", "1801"),
            ("Under which treaty did the stone pass to the British?", "the Treaty of Alexandria"),
            (
                "Which museum has displayed the Rosetta Stone since the early 1800s?",
                "the British Museum",
            ),
            ("Since what year has the stone been on display in London?", "1802"),
            (
                "Why did the Rosetta Stone offer a key to the hieroglyphic script?",
                "scholars could read the Greek",
            ),
            ("Which English polymath studied the royal name rings?", "Thomas Young"),
            ("What are the oval rings around royal names called?", "cartouches"),
            ("Which royal name did Thomas Young identify?", "Ptolemy", 1),
            ("Who made the breakthrough in deciphering hieroglyphs?", "Jean-François Champollion"),
            ("When did Champollion announce his decipherment?", "September 1822"),
            ("In what form did Champollion announce his findings?", "a letter"),
            (
                "What did Champollion show that hieroglyphs combined?",
                "sound signs with signs for ideas",
            ),
            ("Knowledge of which language proved essential to Champollion?", "Coptic"),
            ("What was Coptic, in relation to the Egyptian language?", "the last stage"),
            ("How tall is the Rosetta Stone?", "about 112 centimetres"),
            ("How much does the Rosetta Stone weigh?", "roughly 760 kilograms"),
            ("Which country has repeatedly asked for the Rosetta Stone's return?", "Egypt", 1),
        ],
    },
    {
        "doc_id": "doc-038",
        "title": "Lithium-Ion Batteries",
        "topic": "energy",
        "chunks": [
            "A lithium-ion battery stores energy by shuttling lithium ions between two electrodes through "
            "a liquid electrolyte: during charging the ions move into the graphite anode, and during "
            "discharge they travel back to the metal-oxide cathode. The first rechargeable lithium "
            "battery was developed by Stanley Whittingham at Exxon in the 1970s, using titanium "
            "disulfide, but its metallic lithium anode was prone to short circuits and fires. In 1980 "
            "John Goodenough at the University of Oxford showed that a lithium cobalt oxide cathode could "
            "nearly double the voltage to about 4 volts. Akira Yoshino of the Asahi Kasei company then "
            "replaced metallic lithium with a carbon-based anode and built the first commercially viable "
            "prototype in 1985. Sony released the first commercial lithium-ion cells in 1991, initially "
            "for camcorders. The three researchers shared the 2019 Nobel Prize in Chemistry; at 97, "
            "Goodenough became the oldest Nobel laureate in history. Lithium-ion cells offer high energy "
            "density and low self-discharge, but they degrade with each charge cycle, and overheating can "
            "trigger thermal runaway. Between 1991 and 2018 the price of the cells fell by about 97 "
            "percent, a decline that made electric cars and grid storage practical. Newer chemistries "
            "such as lithium iron phosphate trade some energy density for greater safety and the absence "
            "of cobalt.",
        ],
        "facts": [
            ("Between what does a lithium-ion battery shuttle its ions?", "two electrodes"),
            (
                "Through what medium do lithium ions travel inside the battery?",
                "a liquid electrolyte",
            ),
            ("Into which electrode do lithium ions move during charging?", "the graphite anode"),
            ("Where do the ions travel back to during discharge?", "the metal-oxide cathode"),
            ("Who developed the first rechargeable lithium battery?", "Stanley Whittingham"),
            ("At which company did Whittingham build his battery?", "Exxon"),
            ("Which compound did Whittingham's battery use?", "titanium disulfide"),
            (
                "What was the problem with the metallic lithium anode?",
                "prone to short circuits and fires",
            ),
            ("In what year did Goodenough demonstrate his improved cathode?", "1980"),
            (
                "At which university did Goodenough work on battery cathodes?",
                "the University of Oxford",
            ),
            ("Which cathode material did Goodenough introduce?", "lithium cobalt oxide"),
            ("What voltage did Goodenough's cathode make possible?", "about 4 volts"),
            ("Which company employed Akira Yoshino?", "Asahi Kasei"),
            ("What did Yoshino use instead of metallic lithium?", "a carbon-based anode"),
            ("When did Yoshino build the first commercially viable prototype?", "1985"),
            ("Which company released the first commercial lithium-ion cells?", "Sony"),
            (
                "For what devices were the first commercial lithium-ion cells intended?",
                "camcorders",
            ),
            ("In which year did the lithium-ion pioneers share a Nobel Prize?", "2019"),
            ("How old was Goodenough when he won the Nobel Prize?", "97"),
            (
                "What record did Goodenough set with his Nobel Prize?",
                "the oldest Nobel laureate in history",
            ),
            (
                "What advantages do lithium-ion cells offer?",
                "high energy density and low self-discharge",
            ),
            ("What can overheating trigger in a lithium-ion cell?", "thermal runaway"),
            (
                "By how much did lithium-ion cell prices fall between 1991 and 2018?",
                "about 97 percent",
            ),
            ("What did cheaper battery cells make practical?", "electric cars and grid storage"),
            ("Which newer chemistry trades energy density for safety?", "lithium iron phosphate"),
            ("What happens to lithium-ion cells with each charge cycle?", "degrade"),
        ],
    },
    {
        "doc_id": "doc-039",
        "title": "The Trans-Siberian Railway",
        "topic": "transport",
        "chunks": [
            "The Trans-Siberian Railway is the longest railway line in the world, running 9,289 "
            "kilometres from Moscow to Vladivostok and crossing eight time zones. Construction was "
            "ordered by Tsar Alexander III and began in 1891, when his son, the future Nicholas II, laid "
            "the first stone at Vladivostok. Work advanced from both ends, using soldiers, convicts and "
            "hired workers from China and Persia. The hardest section skirted the southern tip of Lake "
            "Baikal and needed more than 30 tunnels; until it opened in 1904, trains crossed the lake on "
            "an icebreaking ferry in summer and on rails laid over the ice in winter. The all-Russian "
            "route along the Amur River was finished in 1916.",
            "The line was fully electrified in 2002. The Rossiya passenger train takes about seven days "
            "for the whole journey and makes more than 50 stops, passing through Yekaterinburg, "
            "Novosibirsk, Krasnoyarsk and Irkutsk. Near Yekaterinburg, a white obelisk at kilometre 1,777 "
            "marks the symbolic border between Europe and Asia. The Trans-Mongolian branch to Beijing via "
            "Ulaanbaatar was completed in 1956, and the Baikal-Amur Mainline was finished in 1991. The "
            "track gauge is 1,520 millimetres, wider than the 1,435 millimetres used in China, so trains "
            "crossing into China have their bogies changed at the border. Today the railway carries much "
            "of Russia's freight to its Pacific ports.",
        ],
        "facts": [
            ("What is the longest railway line in the world?", "The Trans-Siberian Railway"),
            ("How long is the Trans-Siberian Railway?", "9,289 kilometres"),
            ("From which capital does the Trans-Siberian line start?", "Moscow"),
            ("At which Pacific port city does the Trans-Siberian line end?", "Vladivostok"),
            ("How many time zones does the Trans-Siberian cross?", "eight time zones"),
            ("Which tsar ordered the construction of the Trans-Siberian?", "Tsar Alexander III"),
            ("In what year did construction of the Siberian line begin?", "1891"),
            ("Who laid the first stone of the Trans-Siberian Railway?", "the future Nicholas II"),
            ("From where did construction of the Trans-Siberian advance?", "both ends"),
            ("From which two countries did hired Trans-Siberian workers come?", "China and Persia"),
            (
                "Which two groups of forced or military labour helped build the Trans-Siberian?",
                "soldiers, convicts",
            ),
            (
                "Which lake's southern tip did the hardest section of the Trans-Siberian skirt?",
                "Lake Baikal",
            ),
            (
                "How many tunnels did the railway section around Lake Baikal need?",
                "more than 30 tunnels",
            ),
            ("When did the line around Lake Baikal open?", "1904"),
            ("What kind of vessel carried trains across Baikal in summer?", "an icebreaking ferry"),
            (
                "How did trains cross Lake Baikal in winter before 1904?",
                "on rails laid over the ice",
            ),
            (
                "Along which river does the all-Russian eastern route of the Trans-Siberian run?",
                "the Amur River",
            ),
            ("When was the Trans-Siberian's all-Russian route finished?", "1916"),
            ("When was the Trans-Siberian fully electrified?", "2002"),
            ("Which passenger train runs the whole Trans-Siberian route?", "Rossiya"),
            ("How long does the full Trans-Siberian journey take?", "about seven days"),
            ("How many stops does the Rossiya make?", "more than 50 stops"),
            ("Near which city does an obelisk mark the Europe-Asia border?", "Yekaterinburg"),
            ("At what kilometre does the Europe-Asia obelisk stand?", "kilometre 1,777"),
            ("What colour is the Europe-Asia obelisk on the line?", "white"),
            (
                "What does the obelisk near Yekaterinburg mark?",
                "the symbolic border between Europe and Asia",
            ),
            ("Which branch line runs to Beijing?", "The Trans-Mongolian branch"),
            ("Through which capital does the line to Beijing pass?", "Ulaanbaatar"),
            ("When was the branch to Beijing completed?", "1956"),
            ("When was the Baikal-Amur Mainline finished?", "1991"),
            ("What is the track gauge of the Trans-Siberian?", "1,520 millimetres"),
            ("What track gauge is used in China?", "1,435 millimetres"),
            ("What must be changed on trains crossing into China?", "their bogies"),
            ("What does the railway carry to Russia's Pacific ports today?", "freight"),
            ("Which Siberian city is named last among the Rossiya's major stops?", "Irkutsk"),
            (
                "Which city on the route is listed between Yekaterinburg and Krasnoyarsk?",
                "Novosibirsk",
            ),
            ("Which city comes just before Irkutsk in the list of stops?", "Krasnoyarsk"),
        ],
    },
    {
        "doc_id": "doc-040",
        "title": "The Invention of the Piano",
        "topic": "music",
        "chunks": [
            "The piano was invented in Florence around 1700 by Bartolomeo Cristofori, a keeper of "
            "instruments for the Medici family. Unlike the harpsichord, which plucks its strings, "
            "Cristofori's instrument struck them with leather-covered hammers that fell away immediately, "
            "so the player could control volume by touch. He called it a gravicembalo col piano e forte, "
            "a harpsichord with soft and loud, and the name was later shortened. Only three of his pianos "
            "survive, the oldest, dated 1720, in the Metropolitan Museum of Art in New York. Cristofori's "
            "key invention was the escapement, which lets the hammer rebound so the string keeps "
            "vibrating. In the nineteenth century the instrument grew louder and sturdier: iron frames "
            "allowed greater string tension, and the Érard firm of Paris patented the double escapement "
            "in 1821, allowing rapid repeated notes. The firm Steinway & Sons, founded in New York in 1853 "
            "by the German immigrant Heinrich Steinweg, popularised overstringing, in which bass strings "
            "cross over the others. The modern piano has 88 keys covering just over seven octaves, and "
            "its roughly 230 strings exert a combined tension of about 20 tonnes on the frame. The "
            "upright piano, with its strings running vertically, made the instrument affordable for "
            "middle-class homes.",
        ],
        "facts": [
            ("In which city was the piano invented?", "Florence"),
            ("Around what year was the piano invented?", "around 1700"),
            ("Who invented the piano?", "Bartolomeo Cristofori"),
            ("For which family did Cristofori keep instruments?", "the Medici family"),
            ("How does a harpsichord sound its strings?", "plucks its strings"),
            ("What material covered the hammers of Cristofori's instrument?", "leather"),
            ("What could a player control by touch on Cristofori's instrument?", "volume"),
            ("What did Cristofori call his new instrument?", "a gravicembalo col piano e forte"),
            (
                "What does Cristofori's original Italian name for the piano mean?",
                "a harpsichord with soft and loud",
            ),
            ("How many of Cristofori's pianos survive?", "Only three"),
            (
                "Where is the oldest surviving Cristofori piano kept?",
                "the Metropolitan Museum of Art",
            ),
            ("In what year was the oldest surviving Cristofori piano made?", "1720"),
            ("What was Cristofori's key mechanical invention?", "the escapement"),
            ("What does the escapement let the hammer do?", "rebound"),
            ("What allowed greater string tension in nineteenth-century pianos?", "iron frames"),
            ("Which Paris firm patented the double escapement?", "the Érard firm"),
            ("When was the double escapement patented?", "1821"),
            ("What did the double escapement make possible?", "rapid repeated notes"),
            ("When was Steinway & Sons founded?", "1853"),
            ("Which German immigrant founded Steinway & Sons?", "Heinrich Steinweg"),
            ("Which stringing technique did Steinway popularise?", "overstringing"),
            ("Which strings cross over the others in an overstrung piano?", "bass strings"),
            ("How many keys does a modern piano have?", "88 keys"),
            ("What range does a modern piano keyboard cover?", "just over seven octaves"),
            ("Roughly how many strings does a modern piano have?", "roughly 230 strings"),
            ("What combined tension do a piano's strings exert on the frame?", "about 20 tonnes"),
            (
                "Which type of piano made the instrument affordable for middle-class homes?",
                "The upright piano",
            ),
            ("In which direction do the strings run in an upright piano?", "vertically"),
        ],
    },
    {
        "doc_id": "doc-041",
        "title": "Ignaz Semmelweis and Hand Washing",
        "topic": "medicine",
        "chunks": [
            "In the 1840s the Vienna General Hospital ran two maternity clinics, and the Hungarian "
            "physician Ignaz Semmelweis noticed a disturbing difference between them. In the First "
            "Clinic, staffed by doctors and medical students, around 10 percent of mothers died of "
            "puerperal fever, while in the Second Clinic, run by midwives, the rate was closer to 4 "
            "percent. Women even begged to be admitted to the second ward, and some preferred to give "
            "birth in the street. In 1847 Semmelweis's colleague Jakob Kolletschka died after cutting his "
            "finger during an autopsy, with symptoms strikingly similar to those of the dying mothers. "
            "Semmelweis concluded that doctors were carrying 'cadaverous particles' from the dissecting "
            "room to the delivery ward. He ordered staff to wash their hands in a solution of chlorinated "
            "lime, and mortality in the First Clinic fell to around 1 percent. Yet many colleagues "
            "rejected his ideas, partly because he offered no theoretical explanation and partly because "
            "the suggestion that doctors caused deaths was offensive. He published his main work on the "
            "subject only in 1861. Semmelweis died in an asylum in 1865, aged 47, and only after Louis "
            "Pasteur and Joseph Lister established germ theory was he recognised as a pioneer of "
            "antiseptic practice. He is now remembered as the saviour of mothers.",
        ],
        "facts": [
            (
                "Which hospital ran the two maternity clinics Semmelweis compared?",
                "the Vienna General Hospital",
            ),
            ("What nationality was Ignaz Semmelweis?", "Hungarian"),
            (
                "In which decade did Semmelweis notice the difference between the clinics?",
                "the 1840s",
            ),
            ("Who staffed the First Clinic in Vienna?", "doctors and medical students"),
            ("What share of mothers died in the First Clinic?", "around 10 percent"),
            ("Who ran the Second Clinic?", "midwives"),
            ("What was the death rate in the Vienna midwives' clinic?", "closer to 4 percent"),
            ("Of what disease did the mothers in the Vienna clinics die?", "puerperal fever"),
            (
                "Where did some women prefer to give birth rather than enter the First Clinic?",
                "in the street",
            ),
            ("Which colleague of Semmelweis died after an autopsy injury?", "Jakob Kolletschka"),
            ("In what year did Kolletschka die?", "1847"),
            ("How was Kolletschka injured?", "cutting his finger during an autopsy"),
            (
                "What did Semmelweis believe doctors were carrying to the mothers?",
                "cadaverous particles",
            ),
            (
                "From which room did Semmelweis believe the particles were carried?",
                "the dissecting room",
            ),
            (
                "In what solution did Semmelweis order staff to wash their hands?",
                "chlorinated lime",
            ),
            ("To what level did mortality in the First Clinic fall?", "around 1 percent"),
            (
                "Why did colleagues reject Semmelweis's theory, apart from offence?",
                "he offered no theoretical explanation",
            ),
            ("When did Semmelweis publish his main work?", "1861"),
            ("Where did Semmelweis die?", "in an asylum"),
            ("In what year did Semmelweis die?", "1865"),
            ("How old was Semmelweis at his death?", "47"),
            ("Which scientists established germ theory?", "Louis Pasteur and Joseph Lister"),
            ("By what title is Semmelweis remembered today?", "the saviour of mothers"),
            ("Of what practice is Semmelweis now recognised as a pioneer?", "antiseptic practice"),
            ("To which Vienna maternity ward did women beg to be admitted?", "the second ward"),
        ],
    },
    {
        "doc_id": "doc-042",
        "title": "The Tour de France",
        "topic": "sports",
        "chunks": [
            "The Tour de France was founded in 1903 by the sports newspaper L'Auto, whose editor Henri "
            "Desgrange hoped the race would boost circulation in a rivalry with the paper Le Vélo. The "
            "first edition covered about 2,428 kilometres in just six stages, some of them ridden through "
            "the night, and was won by Maurice Garin. The following year's race was marred by cheating, "
            "including riders taking trains, and the top four finishers were disqualified. The yellow "
            "jersey, or maillot jaune, was introduced in 1919 to make the leader easy to spot; yellow was "
            "chosen because L'Auto was printed on yellow paper.",
            "The modern Tour lasts three weeks in July, with 21 stages covering roughly 3,400 kilometres, "
            "and it traditionally finishes on the Champs-Élysées in Paris. Other prizes include the green "
            "jersey for the points classification and the polka-dot jersey for the best climber, first "
            "awarded in 1975. Four riders share the record of five overall victories: Jacques Anquetil, "
            "Eddy Merckx, Bernard Hinault and Miguel Induráin. Lance Armstrong's seven titles were "
            "stripped in 2012 after a doping investigation. The race has been cancelled only during the "
            "two World Wars. Famous climbs include Alpe d'Huez, with its 21 hairpin bends, and Mont "
            "Ventoux.",
        ],
        "facts": [
            ("When was the Tour de France founded?", "1903"),
            ("Which sports newspaper founded the Tour de France?", "L'Auto"),
            ("Who was the editor of L'Auto when the Tour began?", "Henri Desgrange"),
            ("What did Desgrange hope the race would boost?", "circulation"),
            ("Which rival paper was L'Auto competing with?", "Le Vélo"),
            ("How long was the first Tour de France?", "about 2,428 kilometres"),
            ("How many stages did the first Tour have?", "six stages"),
            ("Who won the first Tour de France?", "Maurice Garin"),
            ("What marred the 1904 edition of the race?", "cheating"),
            ("What form of cheating occurred in the second Tour?", "riders taking trains"),
            ("Which finishers were disqualified from the 1904 race?", "the top four"),
            ("When was the yellow jersey introduced?", "1919"),
            ("What is the French name for the leader's yellow top?", "maillot jaune"),
            (
                "Why was yellow chosen for the Tour leader's jersey?",
                "L'Auto was printed on yellow paper",
            ),
            (
                "Why was a special jersey for the Tour leader introduced?",
                "to make the leader easy to spot",
            ),
            ("In which month is the modern Tour held?", "July"),
            ("How many stages does the modern Tour have?", "21 stages"),
            ("What distance does the modern Tour cover?", "roughly 3,400 kilometres"),
            ("On which Paris avenue does the Tour traditionally finish?", "the Champs-Élysées"),
            ("Which jersey is awarded for the points classification?", "the green jersey"),
            ("Whom does the polka-dot jersey reward?", "the best climber"),
            ("When was the polka-dot jersey first awarded?", "1975"),
            ("How many riders share the record of five Tour victories?", "Four riders"),
            (
                "Which five-time Tour de France winner is named last among the record holders?",
                "Miguel Induráin",
            ),
            ("How many titles was Lance Armstrong stripped of?", "seven titles"),
            ("In what year were Armstrong's Tour titles taken away?", "2012"),
            ("What led to Armstrong losing his titles?", "a doping investigation"),
            ("When has the Tour been cancelled?", "only during the two World Wars"),
            ("How many hairpin bends does Alpe d'Huez have?", "21 hairpin bends"),
            ("Besides Alpe d'Huez, which famous climb is named?", "Mont Ventoux"),
            ("How long does the modern Tour last?", "three weeks"),
        ],
    },
    {
        "doc_id": "doc-043",
        "title": "The Atacama Desert",
        "topic": "geography",
        "chunks": [
            "The Atacama Desert, a strip of land about 1,600 kilometres long on the Pacific coast of "
            "northern Chile, is the driest nonpolar desert on Earth. Some weather stations there have "
            "never recorded rain, and parts of the desert may have gone without significant rainfall from "
            "1570 to 1971. Its extreme dryness comes from a double rain shadow: the Andes block moisture "
            "from the east, while the cold Humboldt Current offshore cools the air and prevents clouds "
            "from producing rain. Along the coast, fog banks known locally as camanchaca roll in from the "
            "sea, and some villages collect drinking water from them with large mesh nets. The soil is so "
            "lifeless in places that NASA has used the Atacama to test instruments designed to search for "
            "life on Mars. The high altitude, dry air and clear skies also make it one of the best places "
            "on Earth for astronomy, and it hosts the Atacama Large Millimeter Array, or ALMA, with its 66 "
            "antennas on the Chajnantor plateau at about 5,000 metres. The desert holds large deposits of "
            "copper and lithium, and in the nineteenth century its nitrate fields triggered the War of "
            "the Pacific between 1879 and 1884, after which Chile took the region from Bolivia and Peru. "
            "Every few years, rare rains bring a brief desert bloom of colourful flowers.",
        ],
        "facts": [
            ("How long is the Atacama Desert?", "about 1,600 kilometres"),
            ("In which part of which country is the Atacama Desert?", "northern Chile"),
            (
                "What distinction does the Atacama hold among the world's deserts?",
                "the driest nonpolar desert on Earth",
            ),
            (
                "During which period may parts of the Atacama have gone without significant rain?",
                "from 1570 to 1971",
            ),
            ("What causes the Atacama's extreme dryness?", "a double rain shadow"),
            (
                "Which mountains block moisture from reaching the Atacama from the east?",
                "the Andes",
            ),
            ("Which cold ocean current cools the air off the Atacama coast?", "Humboldt Current"),
            ("What are the coastal fog banks of northern Chile called?", "camanchaca"),
            (
                "How do some Atacama villages harvest drinking water from fog?",
                "with large mesh nets",
            ),
            ("Which space agency has tested instruments in the Atacama?", "NASA"),
            (
                "What were the NASA instruments tested in the Atacama designed to search for?",
                "life on Mars",
            ),
            (
                "What conditions make the Atacama ideal for astronomy?",
                "The high altitude, dry air and clear skies",
            ),
            (
                "Which radio observatory does the Atacama host?",
                "the Atacama Large Millimeter Array",
            ),
            ("How many antennas does ALMA have?", "66 antennas"),
            ("On which plateau does ALMA stand?", "the Chajnantor plateau"),
            ("At what altitude are ALMA's antennas located?", "about 5,000 metres"),
            ("Which metals does the Atacama hold in large deposits?", "copper and lithium"),
            ("What triggered the War of the Pacific?", "nitrate fields"),
            ("When was the War of the Pacific fought?", "between 1879 and 1884"),
            ("From which countries did Chile take the Atacama region?", "Bolivia and Peru"),
            ("What follows the rare rains in the Atacama?", "a brief desert bloom"),
            ("Have some Atacama weather stations ever recorded rain?", "never recorded rain"),
            ("On which coast does the Atacama lie?", "the Pacific coast"),
        ],
    },
    {
        "doc_id": "doc-044",
        "title": "Kimchi",
        "topic": "cooking",
        "chunks": [
            "Kimchi is a Korean dish of salted and fermented vegetables, most commonly napa cabbage and "
            "Korean radish, seasoned with chilli powder, garlic, ginger, spring onions and fermented "
            "seafood called jeotgal. The cabbage is first soaked in brine for several hours, which draws "
            "out water and keeps harmful bacteria at bay. Lactic acid bacteria, especially species of "
            "Leuconostoc early on and Lactobacillus later, then convert sugars into lactic acid, giving "
            "kimchi its sour taste. Fermentation works best at low temperatures, and many households own "
            "a dedicated kimchi refrigerator that keeps the contents close to 0 degrees Celsius. Chilli "
            "peppers reached Korea only in the late sixteenth or seventeenth century, so earlier kimchi "
            "was seasoned without them and was closer to a pickle. Every autumn families and neighbours "
            "gather for kimjang, the communal making and sharing of kimchi to last through winter, a "
            "tradition inscribed by UNESCO in 2013. There are said to be more than 200 varieties, "
            "including the watery, mild nabak kimchi and the cubed radish kkakdugi. South Koreans eat "
            "around 2 million tonnes of kimchi a year, and the World Institute of Kimchi in Gwangju "
            "studies its science. In 2008 a specially prepared kimchi even flew to the International "
            "Space Station with the first Korean astronaut, Yi So-yeon.",
        ],
        "facts": [
            ("Which cabbage is most commonly used in kimchi?", "napa cabbage"),
            ("What is the fermented seafood seasoning in kimchi called?", "jeotgal"),
            ("In what liquid is kimchi cabbage soaked first?", "brine"),
            ("What does the initial salting of kimchi cabbage keep at bay?", "harmful bacteria"),
            ("Which bacteria dominate the early stage of kimchi fermentation?", "Leuconostoc"),
            (
                "Which bacteria take over in the later stage of kimchi fermentation?",
                "Lactobacillus",
            ),
            ("What acid gives kimchi its sour taste?", "lactic acid"),
            (
                "At what kind of temperatures does kimchi fermentation work best?",
                "low temperatures",
            ),
            (
                "What appliance do many Korean households own for storing their ferment?",
                "a dedicated kimchi refrigerator",
            ),
            (
                "Near what temperature does a kimchi refrigerator keep its contents?",
                "close to 0 degrees Celsius",
            ),
            ("When did chilli peppers reach Korea?", "the late sixteenth or seventeenth century"),
            ("What was kimchi closer to before chillies arrived?", "a pickle"),
            ("What is the autumn tradition of communal kimchi making called?", "kimjang"),
            ("When was kimjang inscribed by UNESCO?", "2013"),
            ("How many varieties of kimchi are there said to be?", "more than 200"),
            ("What is the watery, mild kimchi variety called?", "nabak kimchi"),
            ("What is the cubed radish kimchi variety called?", "kkakdugi"),
            ("How much kimchi do South Koreans eat each year?", "around 2 million tonnes"),
            ("In which city is the World Institute of Kimchi?", "Gwangju"),
            ("In what year did kimchi fly to the International Space Station?", "2008"),
            ("Who was the first Korean astronaut?", "Yi So-yeon"),
            ("Which root spice seasons kimchi alongside garlic?", "ginger"),
            ("Which radish goes into kimchi?", "Korean radish"),
            ("Which powder gives kimchi its heat?", "chilli powder"),
        ],
    },
    {
        "doc_id": "doc-045",
        "title": "The Silk Road",
        "topic": "history",
        "chunks": [
            "The Silk Road was not a single road but a network of trade routes linking China with Central "
            "Asia, Persia, the Middle East and the Mediterranean. It took shape in the second century BC, "
            "after the Han dynasty envoy Zhang Qian travelled west and reported on the kingdoms beyond "
            "China's frontier. The German geographer Ferdinand von Richthofen coined the term "
            "Seidenstraße, or Silk Road, in 1877. Silk was the most famous export, but merchants also "
            "carried spices, glass, horses, paper and precious metals, and few traders travelled the "
            "whole distance; goods instead passed through many hands at oasis cities such as Samarkand, "
            "Kashgar and Dunhuang.",
            "Ideas moved along the routes as well as goods. Buddhism spread from India into China, and "
            "the caves near Dunhuang preserved thousands of manuscripts, including the Diamond Sutra of "
            "868, the oldest dated printed book. Paper-making reached the Islamic world after the Battle "
            "of Talas in 751, reportedly through Chinese prisoners in Samarkand. The routes also spread "
            "disease, and the Black Death is thought to have travelled west along them in the 1340s. "
            "Trade revived under the Mongol Empire, whose protection allowed the Venetian merchant Marco "
            "Polo to reach the court of Kublai Khan. In 2014 UNESCO listed a 5,000-kilometre section of "
            "the network as a World Heritage Site.",
        ],
        "facts": [
            ("Was the Silk Road a single road?", "a network of trade routes"),
            ("In which century did the Silk Road take shape?", "the second century BC"),
            (
                "Which envoy travelled west and reported on kingdoms beyond China's frontier?",
                "Zhang Qian",
            ),
            ("Which dynasty did Zhang Qian serve?", "the Han dynasty"),
            ("Which geographer coined the term Silk Road?", "Ferdinand von Richthofen"),
            ("In what year was the name Silk Road coined?", "1877"),
            ("What is the German word coined by Richthofen?", "Seidenstraße"),
            (
                "Did most merchants travel the whole length of the trade network?",
                "few traders travelled the whole distance",
            ),
            (
                "Which goods besides silk did merchants carry?",
                "spices, glass, horses, paper and precious metals",
            ),
            (
                "Through what kind of cities did Silk Road goods pass from hand to hand?",
                "oasis cities",
            ),
            ("Which oasis city is named between Samarkand and Dunhuang?", "Kashgar"),
            ("Which religion spread from India into China along the routes?", "Buddhism"),
            (
                "Where along the Silk Road were thousands of manuscripts preserved?",
                "the caves near Dunhuang",
            ),
            ("What is the oldest dated printed book?", "the Diamond Sutra"),
            ("In what year was the Diamond Sutra printed?", "868"),
            ("After which battle did paper-making reach the Islamic world?", "the Battle of Talas"),
            ("When was the Battle of Talas fought?", "751"),
            (
                "Who reportedly passed the secret of paper-making to the Islamic world?",
                "Chinese prisoners",
            ),
            ("Which pandemic travelled west along the trade routes?", "the Black Death"),
            ("In which decade did the plague move west along the Silk Road?", "the 1340s"),
            ("Under which empire did Silk Road trade revive?", "the Mongol Empire"),
            ("Which Venetian merchant reached Kublai Khan's court?", "Marco Polo"),
            ("Whose court did the Venetian traveller reach?", "Kublai Khan"),
            ("When did UNESCO list a section of the network as a World Heritage Site?", "2014"),
            ("How long is the UNESCO-listed section of the routes?", "5,000-kilometre"),
            ("In which city were the Chinese prisoners held?", "Samarkand", 1),
        ],
    },
    {
        "doc_id": "doc-046",
        "title": "Apollo 11",
        "topic": "space",
        "chunks": [
            "Apollo 11 lifted off from Kennedy Space Center on 16 July 1969 atop a Saturn V rocket, "
            "carrying Neil Armstrong, Edwin 'Buzz' Aldrin and Michael Collins. After a three-day journey, "
            "Armstrong and Aldrin descended in the lunar module Eagle while Collins remained in orbit "
            "aboard the command module Columbia. During the descent, the guidance computer raised "
            "repeated 1202 and 1201 program alarms, and Armstrong had to fly past a boulder field "
            "manually, landing in the Sea of Tranquility with roughly 25 seconds of fuel to spare. The "
            "landing came at 20:17 UTC on 20 July, and Armstrong reported that the Eagle had landed at a "
            "site he named Tranquility Base.",
            "About six and a half hours later Armstrong stepped onto the surface, saying 'That's one small "
            "step for man, one giant leap for mankind.' The two astronauts spent about two and a half "
            "hours outside, planted a United States flag, set up a seismometer and a laser reflector, and "
            "collected 21.5 kilograms of lunar rock and soil. They left behind a plaque reading 'We came "
            "in peace for all mankind.' An estimated 650 million people watched the television "
            "broadcast. The crew splashed down in the Pacific Ocean on 24 July and were picked up by the "
            "aircraft carrier USS Hornet, then spent 21 days in quarantine. The mission fulfilled the "
            "goal President John F. Kennedy had set in 1961.",
        ],
        "facts": [
            ("From which launch site did Apollo 11 lift off?", "Kennedy Space Center"),
            ("On what date did Apollo 11 launch?", "16 July 1969"),
            ("Which rocket launched Apollo 11?", "a Saturn V rocket"),
            ("Which astronaut remained in lunar orbit during the landing?", "Collins", 0),
            ("How long was the Apollo 11 journey to the Moon?", "three-day"),
            ("What was the name of the Apollo 11 lunar module?", "Eagle", 0),
            ("What was the Apollo 11 command module called?", "Columbia"),
            (
                "Which program alarms did the guidance computer raise during descent?",
                "1202 and 1201",
            ),
            ("What hazard did Armstrong have to steer past during the descent?", "a boulder field"),
            ("In which lunar plain did Apollo 11 touch down?", "the Sea of Tranquility"),
            (
                "How much fuel did the Eagle lander have left at touchdown?",
                "roughly 25 seconds of fuel",
            ),
            ("At what time did the lunar landing occur?", "20:17 UTC"),
            ("On what date did Eagle land on the Moon?", "20 July"),
            ("What name did Armstrong give the landing site?", "Tranquility Base"),
            (
                "How long after landing did Armstrong step onto the surface?",
                "About six and a half hours later",
            ),
            (
                "What did Armstrong say as he stepped onto the Moon?",
                "That's one small step for man, one giant leap for mankind.",
            ),
            (
                "How long did the astronauts spend outside on the lunar surface?",
                "about two and a half hours",
            ),
            ("Which flag did the Apollo 11 astronauts plant?", "a United States flag"),
            (
                "Which instrument did the astronauts set up alongside the laser reflector?",
                "a seismometer",
            ),
            ("What optical device was left on the Moon with the seismometer?", "a laser reflector"),
            ("How much lunar rock and soil did Apollo 11 collect?", "21.5 kilograms"),
            ("What did the plaque left on the Moon say?", "We came in peace for all mankind"),
            ("How many people watched the Apollo 11 broadcast?", "650 million"),
            ("When did the Apollo 11 crew splash down?", "24 July"),
            ("In which ocean did the Apollo 11 capsule splash down?", "the Pacific Ocean"),
            ("Which aircraft carrier recovered the Apollo 11 crew?", "USS Hornet"),
            ("How long did the Apollo 11 crew spend in quarantine after returning?", "21 days"),
            ("Whose national goal did the Apollo 11 mission fulfil?", "President John F. Kennedy"),
            ("In what year was the lunar landing goal set?", "1961"),
            ("Which two astronauts descended to the lunar surface?", "Armstrong and Aldrin"),
            ("What was Edwin Aldrin's nickname?", "Buzz"),
            ("Who was the first person to step onto the Moon?", "Armstrong", 1),
            ("What did Armstrong report once the lander touched down?", "the Eagle had landed"),
            ("Through what medium did millions follow the moonwalk?", "the television broadcast"),
        ],
    },
    {
        "doc_id": "doc-047",
        "title": "CRISPR Gene Editing",
        "topic": "biology",
        "chunks": [
            "CRISPR, short for clustered regularly interspaced short palindromic repeats, was first "
            "noticed in 1987 by Japanese researchers as odd repeating sequences in the DNA of the "
            "bacterium Escherichia coli. In the 2000s the Spanish microbiologist Francisco Mojica and "
            "others realised that the spacers between the repeats matched the DNA of viruses, revealing "
            "CRISPR as a bacterial immune system that remembers past infections. In 2012 Jennifer Doudna "
            "and Emmanuelle Charpentier showed that the Cas9 enzyme, guided by a short RNA molecule, "
            "could be programmed to cut any chosen DNA sequence. A few months later Feng Zhang's team at "
            "the Broad Institute and George Church's group at Harvard reported editing human cells. Cas9 "
            "acts like molecular scissors: once it cuts both DNA strands, the cell's own repair machinery "
            "either disables the gene or inserts a supplied template. Doudna and Charpentier received the "
            "2020 Nobel Prize in Chemistry, the first science Nobel shared by two women alone. The method "
            "sparked a long patent dispute between the University of California and the Broad Institute. "
            "In 2018 the scientist He Jiankui announced the birth of gene-edited twin girls in China, "
            "provoking worldwide condemnation and a prison sentence. In 2023 regulators in the United "
            "Kingdom and United States approved Casgevy, the first CRISPR-based therapy, for sickle cell "
            "disease.",
        ],
        "facts": [
            (
                "What does the acronym CRISPR stand for?",
                "clustered regularly interspaced short palindromic repeats",
            ),
            ("When were CRISPR sequences first noticed?", "1987"),
            (
                "What nationality were the researchers who first noticed the CRISPR repeats?",
                "Japanese",
            ),
            ("In which bacterium were the CRISPR repeats first seen?", "Escherichia coli"),
            ("Which Spanish microbiologist helped explain CRISPR's function?", "Francisco Mojica"),
            ("What did the spacers between the CRISPR repeats match?", "the DNA of viruses"),
            ("What kind of system did CRISPR turn out to be?", "a bacterial immune system"),
            ("What does the bacterial CRISPR system remember?", "past infections"),
            ("In what year did Doudna and Charpentier publish their Cas9 work?", "2012"),
            ("Which enzyme can be programmed to cut a chosen DNA sequence?", "the Cas9 enzyme"),
            ("What guides Cas9 to its target?", "a short RNA molecule"),
            ("Which scientist led the team at the Broad Institute?", "Feng Zhang"),
            ("Which Harvard scientist's group reported editing human cells?", "George Church"),
            ("What is Cas9 likened to?", "molecular scissors"),
            ("How many strands of DNA does Cas9 cut?", "both DNA strands"),
            ("What repairs the DNA after Cas9 cuts it?", "the cell's own repair machinery"),
            (
                "Which prize did Doudna and Charpentier receive?",
                "the 2020 Nobel Prize in Chemistry",
            ),
            (
                "What was historic about the 2020 chemistry prize?",
                "the first science Nobel shared by two women alone",
            ),
            (
                "Which university fought a patent dispute with the Broad Institute?",
                "the University of California",
            ),
            ("Who announced the birth of gene-edited twins?", "He Jiankui"),
            ("In what year were the gene-edited twins announced?", "2018"),
            (
                "How did the world react to the announcement of edited babies?",
                "worldwide condemnation",
            ),
            ("What was the first approved CRISPR-based therapy?", "Casgevy"),
            ("For which disease was Casgevy approved?", "sickle cell disease"),
            ("When was the first gene-editing therapy approved?", "2023"),
            ("What penalty did He Jiankui receive?", "a prison sentence"),
        ],
    },
    {
        "doc_id": "doc-048",
        "title": "Japanese Wood Joinery",
        "topic": "craft",
        "chunks": [
            "Traditional Japanese carpenters developed an intricate system of wood joinery, known as "
            "sashimono for furniture and kigumi for building frames, that allows structures to be "
            "assembled without nails, screws or glue. Interlocking joints are cut so precisely that "
            "friction and the shape of the wood hold them together, and many can be taken apart for "
            "repair. The techniques were refined in temple construction: Horyu-ji in Nara, whose oldest "
            "wooden buildings date from around the late seventh century, survives as one of the oldest "
            "wooden structures in the world. Carpenters favoured Japanese cypress, or hinoki, for its "
            "straight grain, pleasant scent and resistance to rot. Joints such as the kanawa tsugi, a "
            "scarf joint used to lengthen beams, lock with a wooden peg driven through the middle. "
            "Because timber swells and shrinks with humidity, the joints are designed to tighten as the "
            "wood moves, and their slight flexibility helps buildings absorb the energy of earthquakes. "
            "Apprentices traditionally trained for ten years or more, learning to sharpen their own "
            "chisels and planes before cutting their first joint. The Ise Grand Shrine is rebuilt every "
            "20 years in a ritual called Shikinen Sengu, a practice that has kept these skills alive for "
            "more than a thousand years.",
        ],
        "facts": [
            ("What is Japanese furniture joinery called?", "sashimono"),
            ("Which shrine is rebuilt every 20 years?", "The Ise Grand Shrine"),
            ("What is Japanese cypress called?", "hinoki"),
        ],
    },
]

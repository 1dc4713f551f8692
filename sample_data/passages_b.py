"""Hand-written source passages doc-013 to doc-024 with their extractive QA facts."""

from __future__ import annotations

PASSAGES_B: list[dict] = [
    {
        "doc_id": "doc-013",
        "title": "Hagia Sophia",
        "topic": "architecture",
        "chunks": [
            "Hagia Sophia in Istanbul was completed in 537 under the Byzantine emperor Justinian I, after "
            "riots in 532 had destroyed an earlier church on the site. Its designers, the mathematician "
            "Anthemius of Tralles and the geometer Isidore of Miletus, finished the building in less "
            "than six years. The central dome rises about 55 metres above the floor and spans roughly 31 "
            "metres. It rests on four pendentives, curved triangular sections that carry a round dome "
            "over a square base, and a ring of 40 windows at its base makes the dome appear to float on "
            "light. The original dome collapsed after an earthquake in 558 and was rebuilt with a "
            "steeper profile by Isidore the Younger.",
            "For nearly a thousand years it was the largest cathedral in the world, until Seville "
            "Cathedral was completed in 1520. After the Ottoman conquest of Constantinople in 1453, "
            "Sultan Mehmed II converted it into a mosque, and minarets were added over the following "
            "century. In 1934 the Turkish government under Mustafa Kemal Atatürk turned the building "
            "into a museum, and in 2020 a court ruling allowed it to be reclassified as a mosque. Its "
            "design inspired later Ottoman mosques, notably the Süleymaniye Mosque by the architect "
            "Mimar Sinan.",
        ],
        "facts": [
            ("In what year was Hagia Sophia completed?", "537"),
            ("Under which Byzantine emperor was Hagia Sophia built?", "Justinian I"),
            ("What destroyed the earlier church on the Hagia Sophia site?", "riots in 532"),
            ("Which mathematician co-designed Hagia Sophia?", "Anthemius of Tralles"),
            (
                "Which geometer worked alongside Anthemius on the great church?",
                "Isidore of Miletus",
            ),
            ("How long did the construction of Hagia Sophia take?", "less than six years"),
            ("How high does the central dome of Hagia Sophia rise?", "about 55 metres"),
            ("What is the span of Hagia Sophia's dome?", "roughly 31 metres"),
            ("On what structural elements does the Hagia Sophia dome rest?", "four pendentives"),
            ("What are pendentives in Byzantine architecture?", "curved triangular sections"),
            ("How many windows ring the base of the Hagia Sophia dome?", "40 windows"),
            (
                "What visual effect do the windows at the base of Hagia Sophia's dome create?",
                "appear to float on light",
            ),
            ("When did the original dome of Hagia Sophia collapse?", "558"),
            ("What caused the collapse of the first dome of Hagia Sophia?", "an earthquake"),
            ("Who rebuilt the dome of Hagia Sophia?", "Isidore the Younger"),
            ("What profile was given to the rebuilt Hagia Sophia dome?", "a steeper profile"),
            (
                "Which building surpassed Hagia Sophia as the world's largest cathedral?",
                "Seville Cathedral",
            ),
            ("When was Seville Cathedral completed?", "1520"),
            ("In what year did the Ottomans conquer Constantinople?", "1453"),
            ("Which sultan converted Hagia Sophia into a mosque?", "Mehmed II"),
            ("What features were added to Hagia Sophia after the Ottoman conversion?", "minarets"),
            ("When did Hagia Sophia become a museum?", "1934"),
            (
                "Under which leader did Turkey turn Hagia Sophia into a museum?",
                "Mustafa Kemal Atatürk",
            ),
            ("In which year was Hagia Sophia reclassified as a mosque?", "2020"),
            ("What allowed the 2020 reclassification of Hagia Sophia?", "a court ruling"),
            (
                "Which Ottoman mosque was notably inspired by Hagia Sophia?",
                "the Süleymaniye Mosque",
            ),
            ("Which architect designed the Süleymaniye Mosque?", "Mimar Sinan"),
            ("In which modern city does Hagia Sophia stand?", "Istanbul"),
            ("Over what shape of base do the pendentives carry the round dome?", "a square base"),
        ],
    },
    {
        "doc_id": "doc-014",
        "title": "The Great Vowel Shift",
        "topic": "linguistics",
        "chunks": [
            "The Great Vowel Shift was a series of changes in the pronunciation of English long vowels "
            "that took place roughly between 1400 and 1700. During this period the long vowels moved "
            "upward in the mouth, and the two highest vowels, which could rise no further, became "
            "diphthongs. As a result, a word such as bite, once pronounced like modern beet, acquired its "
            "present sound, and house gained the diphthong heard today. The name was coined by the "
            "Danish linguist Otto Jespersen, who studied the process in the early twentieth century. "
            "Because English spelling had largely been fixed by printers such as William Caxton, who set "
            "up the first press in England in 1476, the written forms stayed put while the sounds moved. "
            "This mismatch explains why English uses the letter i for the vowel in time while the same "
            "letter stands for a different sound in most European languages. The shift did not happen "
            "evenly: northern English and Scots dialects were affected differently, which is why some "
            "Scottish speakers still say hoose for house. Scholars continue to argue about its causes, "
            "with proposals ranging from the social mobility that followed the Black Death to contact "
            "with French.",
        ],
        "facts": [
            (
                "What aspect of English long vowels changed during the Great Vowel Shift?",
                "pronunciation",
            ),
            (
                "Roughly between which years did the Great Vowel Shift occur?",
                "between 1400 and 1700",
            ),
            (
                "In which direction did English long vowels move during the shift?",
                "upward in the mouth",
            ),
            (
                "What happened to the two highest vowels during the Great Vowel Shift?",
                "became diphthongs",
            ),
            ("Before the Great Vowel Shift, which modern word did bite sound like?", "beet"),
            ("Who coined the name Great Vowel Shift?", "Otto Jespersen"),
            ("What nationality was the linguist Otto Jespersen?", "Danish"),
            ("When did Jespersen study the vowel changes?", "the early twentieth century"),
            ("Which early printer helped fix English spelling?", "William Caxton"),
            ("When did Caxton set up the first printing press in England?", "1476"),
            ("Which letter does English use for the vowel in time?", "the letter i"),
            (
                "Which dialects experienced the vowel changes differently?",
                "northern English and Scots dialects",
            ),
            ("How do some Scottish speakers still pronounce house?", "hoose"),
            (
                "Did the Great Vowel Shift happen evenly across English dialects?",
                "did not happen evenly",
            ),
            (
                "Which epidemic's aftermath is one proposed cause of the Great Vowel Shift?",
                "the Black Death",
            ),
            (
                "Contact with which language has been suggested as a cause of the vowel shift?",
                "French",
            ),
            (
                "What social change after the plague is proposed as a cause of the English vowel shift?",
                "social mobility",
            ),
            ("What stayed put while the sounds of English moved?", "the written forms"),
        ],
    },
    {
        "doc_id": "doc-015",
        "title": "Hyperinflation in Weimar Germany",
        "topic": "economics",
        "chunks": [
            "Germany's hyperinflation reached its peak in November 1923, when one US dollar was worth "
            "about 4.2 trillion marks. The crisis grew out of the First World War, which Germany had "
            "financed largely by borrowing rather than taxes, and out of the reparations demanded by the "
            "Treaty of Versailles. When Germany fell behind on payments, French and Belgian troops "
            "occupied the Ruhr industrial region in January 1923. The government backed passive "
            "resistance by striking workers and paid their wages by printing money, and prices began "
            "doubling every few days. Workers were paid twice a day and rushed to spend their wages "
            "before they lost value, while some families burned banknotes because they were cheaper than "
            "firewood. A loaf of bread in Berlin that cost around 160 marks at the end of 1922 cost about "
            "200 billion marks a year later. The spiral was halted by the introduction of the Rentenmark "
            "on 15 November 1923, backed by a mortgage on agricultural and industrial land, at a rate of "
            "one Rentenmark to one trillion old marks. The Dawes Plan of 1924 then restructured "
            "reparation payments. The episode left a deep fear of inflation in German economic policy "
            "that still shapes the country's central bankers.",
        ],
        "facts": [
            ("When did Germany's hyperinflation reach its peak?", "November 1923"),
            (
                "How many marks was one US dollar worth at the height of the crisis?",
                "about 4.2 trillion marks",
            ),
            (
                "How had Germany financed the First World War?",
                "largely by borrowing rather than taxes",
            ),
            ("Which treaty demanded reparations from Germany?", "the Treaty of Versailles"),
            ("Whose troops occupied the Ruhr?", "French and Belgian troops"),
            ("When was the Ruhr occupied?", "January 1923"),
            (
                "What form of protest did the German government back in the Ruhr?",
                "passive resistance",
            ),
            ("How did the Berlin government pay the striking Ruhr workers?", "by printing money"),
            ("How quickly did German prices rise in 1923?", "doubling every few days"),
            ("How often were German workers paid during the hyperinflation?", "twice a day"),
            ("Why did some German families burn banknotes?", "cheaper than firewood"),
            ("How much did a Berlin loaf of bread cost at the end of 1922?", "around 160 marks"),
            ("What did the same Berlin loaf cost a year later?", "about 200 billion marks"),
            ("Which new currency halted the German hyperinflation?", "the Rentenmark"),
            ("On what date was the Rentenmark introduced?", "15 November 1923"),
            (
                "What backed the value of the Rentenmark?",
                "a mortgage on agricultural and industrial land",
            ),
            (
                "At what rate was the Rentenmark exchanged for the old currency?",
                "one Rentenmark to one trillion old marks",
            ),
            ("Which 1924 plan restructured German reparations?", "The Dawes Plan"),
            (
                "What lasting attitude did the episode leave in German economic policy?",
                "a deep fear of inflation",
            ),
            (
                "Whose thinking is still shaped by the memory of the 1923 crisis?",
                "the country's central bankers",
            ),
            (
                "What did German workers rush to do as soon as they were paid in 1923?",
                "spend their wages",
            ),
            ("In which city did bread prices illustrate the 1923 German inflation?", "Berlin"),
        ],
    },
    {
        "doc_id": "doc-016",
        "title": "The Panama Canal",
        "topic": "engineering",
        "chunks": [
            "The Panama Canal is an 82-kilometre waterway that links the Atlantic and Pacific Oceans "
            "across the Isthmus of Panama. France began work in 1881 under Ferdinand de Lesseps, who had "
            "built the Suez Canal, but his plan for a sea-level channel collapsed amid landslides, "
            "bankruptcy and diseases such as malaria and yellow fever that killed an estimated 22,000 "
            "workers. The United States took over in 1904 after backing Panama's independence from "
            "Colombia. Chief engineer John Frank Stevens and his successor George Washington Goethals "
            "switched to a lock design, while the physician William Gorgas led a campaign against "
            "mosquitoes.",
            "The canal opened on 15 August 1914, when the cargo ship SS Ancon made the first official "
            "transit. Ships are raised 26 metres to Gatun Lake, an artificial reservoir created by "
            "damming the Chagres River, and then lowered back to sea level at the other end. Each lock "
            "chamber originally measured 33.5 metres wide, a limit that defined the Panamax class of "
            "ships. A wider set of locks opened in 2016 to handle larger Neopanamax vessels. The United "
            "States handed full control of the canal to Panama on 31 December 1999 under treaties signed "
            "by President Jimmy Carter and Omar Torrijos in 1977.",
        ],
        "facts": [
            ("How long is the Panama Canal?", "82-kilometre"),
            ("Which two oceans does the Panama Canal link?", "the Atlantic and Pacific Oceans"),
            ("Across which isthmus does the Panama waterway run?", "the Isthmus of Panama"),
            ("In what year did France begin work on the Panama Canal?", "1881"),
            ("Who led the French attempt to dig the Panama Canal?", "Ferdinand de Lesseps"),
            ("Which earlier canal had de Lesseps built?", "the Suez Canal"),
            ("What type of channel did the French plan call for?", "a sea-level channel"),
            ("Which diseases afflicted French canal workers?", "malaria and yellow fever"),
            ("How many workers are estimated to have died during the French effort?", "22,000"),
            ("When did the United States take over the canal project?", "1904"),
            ("From which country did Panama gain independence with American backing?", "Colombia"),
            (
                "Which chief engineer first switched the Panama Canal to a lock design?",
                "John Frank Stevens",
            ),
            ("Who succeeded Stevens as chief engineer of the canal?", "George Washington Goethals"),
            ("Which physician led the anti-mosquito campaign in Panama?", "William Gorgas"),
            ("When did the Panama Canal open?", "15 August 1914"),
            ("Which cargo ship made the first official canal transit?", "SS Ancon"),
            ("How high are ships raised in the Panama Canal?", "26 metres"),
            ("To which lake are ships raised on their way through the Panama Canal?", "Gatun Lake"),
            ("Which river was dammed to create Gatun Lake?", "the Chagres River"),
            ("How wide were the original Panama lock chambers?", "33.5 metres"),
            (
                "Which class of ships was defined by the original Panama lock width?",
                "the Panamax class",
            ),
            ("When did the wider set of Panama locks open?", "2016"),
            ("What vessels do the newer, wider Panama locks handle?", "Neopanamax vessels"),
            ("When did Panama gain full control of the canal?", "31 December 1999"),
            ("Which US president signed the canal handover treaties?", "Jimmy Carter"),
            ("Who signed the 1977 canal treaties on behalf of Panama?", "Omar Torrijos"),
            ("In what year were the Panama Canal handover treaties signed?", "1977"),
            (
                "Besides bankruptcy and disease, what natural problem plagued the French effort?",
                "landslides",
            ),
            ("What kind of body of water is Gatun Lake?", "an artificial reservoir"),
        ],
    },
    {
        "doc_id": "doc-017",
        "title": "Mangrove Forests",
        "topic": "ecology",
        "chunks": [
            "Mangroves are trees and shrubs that grow in the intertidal zone of tropical and subtropical "
            "coastlines, where they are flooded by seawater twice a day. They cover about 147,000 square "
            "kilometres worldwide, with the largest share in Indonesia. To cope with salt, some species "
            "filter it out at their roots while others excrete it through glands in their leaves. "
            "Because the mud they grow in is low in oxygen, many mangroves send up pencil-like breathing "
            "roots called pneumatophores, and red mangroves prop themselves on arching stilt roots. "
            "Several species are viviparous: their seeds germinate while still attached to the parent "
            "tree, then drop into the water as floating seedlings called propagules that can survive for "
            "months at sea. Mangrove forests shelter juvenile fish and crabs, and they store up to four "
            "times more carbon per hectare than most tropical rainforests, much of it in waterlogged "
            "soil. Their dense roots also reduce the height of storm surges and waves, protecting "
            "coastal villages. Despite these benefits, roughly a third of the world's mangroves have been "
            "lost since 1980, largely cleared for shrimp farms, rice paddies and coastal development. "
            "The Sundarbans, shared by India and Bangladesh, is the largest single mangrove forest and "
            "home to the Bengal tiger.",
        ],
        "facts": [
            ("In which coastal zone do mangroves grow?", "the intertidal zone"),
            ("How often are mangroves flooded by seawater?", "twice a day"),
            ("How much area do mangroves cover worldwide?", "about 147,000 square kilometres"),
            ("Which country has the largest share of the world's mangroves?", "Indonesia"),
            ("Through what leaf structures do some mangroves excrete salt?", "glands"),
            ("Where do some mangrove species filter out salt?", "at their roots"),
            (
                "Why do many mangroves need breathing roots?",
                "the mud they grow in is low in oxygen",
            ),
            ("What are the pencil-like breathing roots of mangroves called?", "pneumatophores"),
            ("Which mangroves prop themselves on arching stilt roots?", "red mangroves"),
            (
                "What term describes mangroves whose seeds germinate on the parent tree?",
                "viviparous",
            ),
            ("What are floating mangrove seedlings called?", "propagules"),
            ("How long can mangrove propagules survive at sea?", "months"),
            ("Which young animals shelter among mangrove roots?", "juvenile fish and crabs"),
            (
                "How much more carbon per hectare can mangroves store than most rainforests?",
                "up to four times more",
            ),
            ("Where is much of the carbon in mangrove forests stored?", "in waterlogged soil"),
            ("Which coastal hazards do dense mangrove roots reduce?", "storm surges and waves"),
            ("What share of the world's mangroves has been lost since 1980?", "roughly a third"),
            ("For what kind of aquaculture have many mangroves been cleared?", "shrimp farms"),
            ("Which is the largest single mangrove forest?", "The Sundarbans"),
            ("Which two countries share the Sundarbans?", "India and Bangladesh"),
            ("Which big cat lives in the Sundarbans?", "the Bengal tiger"),
            (
                "On what kinds of coastlines are mangroves found?",
                "tropical and subtropical coastlines",
            ),
            ("Whose homes do mangrove roots help protect from the sea?", "coastal villages"),
        ],
    },
    {
        "doc_id": "doc-018",
        "title": "Frankenstein",
        "topic": "literature",
        "chunks": [
            "Mary Shelley began writing Frankenstein in June 1816 during a stay at the Villa Diodati near "
            "Lake Geneva, where Lord Byron challenged his guests to each write a ghost story. Cold, "
            "stormy weather caused by the eruption of Mount Tambora the previous year kept the party "
            "indoors during what became known as the Year Without a Summer. Shelley was only 18 when she "
            "conceived the story, which came to her in a waking dream, and the novel was published "
            "anonymously in London on 1 January 1818 in three volumes. Its full title is Frankenstein; "
            "or, The Modern Prometheus, a reference to the Titan who stole fire from the gods. The novel "
            "is framed by the letters of Robert Walton, an explorer sailing towards the North Pole, who "
            "rescues Victor Frankenstein from the ice. Victor, a student from Geneva, assembles a "
            "creature at the university of Ingolstadt and brings it to life, only to abandon it in "
            "horror. The creature, who is never given a name, teaches himself to read with books "
            "including Paradise Lost. A revised edition in 1831 carried Shelley's introduction "
            "explaining the book's origin. The same contest also produced The Vampyre by John Polidori, "
            "Byron's physician.",
        ],
        "facts": [
            ("When did Mary Shelley begin writing Frankenstein?", "June 1816"),
            ("Where was Mary Shelley staying when she began her novel?", "the Villa Diodati"),
            ("Near which lake is the Villa Diodati?", "Lake Geneva"),
            (
                "Who challenged his guests at the Villa Diodati to write ghost stories?",
                "Lord Byron",
            ),
            ("Which volcanic eruption caused the cold weather of 1816?", "Mount Tambora"),
            (
                "By what name is 1816 remembered because of its weather?",
                "the Year Without a Summer",
            ),
            ("How old was Mary Shelley when she conceived Frankenstein?", "18"),
            ("How did the idea for Frankenstein come to Shelley?", "in a waking dream"),
            ("On what date was Frankenstein first published?", "1 January 1818"),
            ("In how many volumes did Frankenstein first appear?", "three volumes"),
            (
                "Was the first edition of Frankenstein published under Shelley's name?",
                "published anonymously",
            ),
            ("What is the subtitle of Mary Shelley's Frankenstein?", "The Modern Prometheus"),
            ("What did Prometheus steal from the gods?", "fire"),
            ("Whose letters frame the story of Frankenstein?", "Robert Walton"),
            ("Towards where is Robert Walton sailing?", "the North Pole"),
            ("At which university does Victor assemble his creature?", "Ingolstadt"),
            ("How does Victor react once his creature comes to life?", "abandon it in horror"),
            ("Which epic poem is among the books Frankenstein's creature reads?", "Paradise Lost"),
            ("When did the revised edition of Frankenstein appear?", "1831"),
            ("What did the 1831 edition of Frankenstein add?", "Shelley's introduction"),
            ("Which story did John Polidori write for the villa contest?", "The Vampyre"),
            ("What was Polidori's role in Byron's household?", "Byron's physician"),
            ("In which city was Frankenstein first published?", "London"),
            ("Is Victor Frankenstein's creature ever named?", "never given a name"),
            ("From where does Walton rescue Victor?", "the ice"),
        ],
    },
    {
        "doc_id": "doc-019",
        "title": "The First Impressionist Exhibition",
        "topic": "art",
        "chunks": [
            "Impressionism took its name from a hostile review. In April 1874 a group of painters who had "
            "been rejected by the official Salon organised their own exhibition in the former studio of "
            "the photographer Nadar on the Boulevard des Capucines in Paris. Among the 30 participating "
            "artists were Claude Monet, Pierre-Auguste Renoir, Edgar Degas, Camille Pissarro and Berthe "
            "Morisot. The critic Louis Leroy seized on the title of Monet's painting Impression, Sunrise, "
            "a hazy view of the port of Le Havre, and mocked the whole group as impressionists. The "
            "painters adopted the label. They worked quickly, often outdoors, using visible brushstrokes "
            "and unblended colour to capture passing effects of light, a practice helped by the "
            "invention of paint in collapsible tin tubes in 1841. Eight group exhibitions were held "
            "between 1874 and 1886. At first buyers were scarce, but the dealer Paul Durand-Ruel "
            "championed the group and found an eager market in the United States after an exhibition in "
            "New York in 1886. By the end of the century, impressionist painting had moved from scandal "
            "to the mainstream of French art.",
        ],
        "facts": [
            ("When did the first impressionist exhibition open?", "April 1874"),
            ("Which critic mocked the painters as impressionists?", "Louis Leroy"),
            ("Which Monet painting gave impressionism its name?", "Impression, Sunrise"),
            ("Which dealer championed the impressionists?", "Paul Durand-Ruel"),
        ],
    },
    {
        "doc_id": "doc-020",
        "title": "The Photoelectric Effect",
        "topic": "physics",
        "chunks": [
            "The photoelectric effect is the emission of electrons from a material when light shines on "
            "it. Heinrich Hertz first observed a related effect in 1887, noticing that ultraviolet light "
            "made sparks jump more easily between metal electrodes. Experiments by Philipp Lenard around "
            "1902 revealed a puzzle: the energy of the ejected electrons depended on the frequency of the "
            "light, not its brightness, and below a certain threshold frequency no electrons appeared at "
            "all no matter how intense the beam. Classical wave theory could not explain this. In 1905 "
            "Albert Einstein proposed that light comes in discrete packets of energy, later called "
            "photons, each carrying energy equal to Planck's constant multiplied by the frequency. An "
            "electron absorbs a single photon, and if that energy exceeds the work function of the metal "
            "the electron escapes. Robert Millikan spent ten years trying to disprove the idea, but his "
            "careful measurements, published in 1916, confirmed Einstein's equation instead. Einstein "
            "received the 1921 Nobel Prize in Physics specifically for this work rather than for "
            "relativity. The effect underlies solar cells, light meters and the photomultiplier tubes "
            "used to detect faint flashes in particle physics experiments.",
        ],
        "facts": [
            (
                "What particles are emitted from a material in the photoelectric effect?",
                "electrons",
            ),
            ("Who first observed an effect related to photoemission?", "Heinrich Hertz"),
            ("In what year did Hertz make his spark observation?", "1887"),
            (
                "What kind of light made sparks jump more easily in Hertz's experiment?",
                "ultraviolet light",
            ),
            ("Whose experiments around 1902 revealed the photoelectric puzzle?", "Philipp Lenard"),
            (
                "On what property of light did the energy of ejected electrons depend?",
                "the frequency of the light",
            ),
            (
                "What happens when light is below the threshold frequency?",
                "no electrons appeared at all",
            ),
            ("Which theory could not explain Lenard's results?", "Classical wave theory"),
            ("In what year did Einstein propose that light comes in packets?", "1905"),
            ("What are the discrete packets of light energy now called?", "photons"),
            (
                "What is the energy carried by each light quantum equal to?",
                "Planck's constant multiplied by the frequency",
            ),
            (
                "How many photons does an electron absorb in the photoelectric effect?",
                "a single photon",
            ),
            (
                "What energy threshold must be exceeded for an electron to escape the metal?",
                "the work function",
            ),
            ("Who tried for years to disprove Einstein's light quantum idea?", "Robert Millikan"),
            ("How long did Millikan spend trying to disprove Einstein?", "ten years"),
            ("When did Millikan publish his confirming measurements?", "1916"),
            ("Which year's Nobel Prize in Physics did Einstein receive?", "1921"),
            ("Which of Einstein's theories was not the basis of his Nobel Prize?", "relativity"),
            ("Which energy devices rely on the photoelectric effect?", "solar cells"),
            (
                "Which detectors register faint flashes in particle physics experiments?",
                "photomultiplier tubes",
            ),
            ("What did Millikan's careful measurements confirm?", "Einstein's equation"),
            (
                "Does the brightness of light set the energy of ejected electrons?",
                "not its brightness",
            ),
        ],
    },
    {
        "doc_id": "doc-021",
        "title": "ENIAC",
        "topic": "computing",
        "chunks": [
            "ENIAC, the Electronic Numerical Integrator and Computer, is often described as the first "
            "programmable general-purpose electronic digital computer. It was designed by John Mauchly "
            "and J. Presper Eckert at the University of Pennsylvania's Moore School of Electrical "
            "Engineering and funded by the United States Army, which needed faster calculation of "
            "artillery firing tables. Construction began in 1943, and the machine was publicly announced "
            "in February 1946. ENIAC filled a room of about 167 square metres, weighed some 27 tonnes "
            "and used roughly 17,468 vacuum tubes, which failed so often that engineers learned to leave "
            "the machine running to reduce stress on the tubes.",
            "It could perform about 5,000 additions per second, far faster than the electromechanical "
            "machines of the day. Programming originally meant physically rewiring the machine with "
            "cables and switches, work that could take days. The first programmers were six women, "
            "including Kathleen McNulty, Jean Jennings and Betty Snyder, whose contributions went "
            "largely unrecognised for decades. One of ENIAC's early jobs was a set of calculations for "
            "the hydrogen bomb program at Los Alamos. The machine consumed about 150 kilowatts of power "
            "and was finally switched off on 2 October 1955. Parts of it are now on display at several "
            "museums, including the Smithsonian.",
        ],
        "facts": [
            (
                "What does the acronym ENIAC stand for?",
                "Electronic Numerical Integrator and Computer",
            ),
            ("Who designed ENIAC?", "John Mauchly and J. Presper Eckert"),
            (
                "At which engineering school was ENIAC built?",
                "Moore School of Electrical Engineering",
            ),
            ("Which organisation funded the construction of ENIAC?", "the United States Army"),
            ("What calculations did the Army need ENIAC for?", "artillery firing tables"),
            ("When did construction of ENIAC begin?", "1943"),
            ("When was ENIAC publicly announced?", "February 1946"),
            ("How much floor space did ENIAC occupy?", "about 167 square metres"),
            ("How much did the ENIAC machine weigh?", "27 tonnes"),
            ("How many vacuum tubes did ENIAC use?", "17,468"),
            (
                "Why did engineers leave ENIAC running continuously?",
                "to reduce stress on the tubes",
            ),
            ("How many additions per second could ENIAC perform?", "about 5,000"),
            (
                "How was ENIAC originally programmed?",
                "physically rewiring the machine with cables and switches",
            ),
            ("How long could reprogramming ENIAC take?", "days"),
            ("Who were ENIAC's first programmers?", "six women"),
            ("Which ENIAC programmer is named first among the six women?", "Kathleen McNulty"),
            (
                "How were the early ENIAC programmers' contributions treated for decades?",
                "went largely unrecognised",
            ),
            (
                "For which weapons program did ENIAC perform early calculations?",
                "the hydrogen bomb program",
            ),
            ("Where was the hydrogen bomb program that used ENIAC based?", "Los Alamos"),
            ("How much power did ENIAC consume?", "about 150 kilowatts"),
            ("When was ENIAC switched off for the last time?", "2 October 1955"),
            ("Which museum is named as displaying parts of ENIAC?", "the Smithsonian"),
            ("What kind of machines was ENIAC far faster than?", "electromechanical machines"),
            (
                "Which university's engineering school built ENIAC?",
                "the University of Pennsylvania",
            ),
        ],
    },
    {
        "doc_id": "doc-022",
        "title": "Test Cricket",
        "topic": "sports",
        "chunks": [
            "Test cricket is the longest form of the sport, with matches scheduled for up to five days "
            "and each side batting twice. The first officially recognised Test was played between "
            "Australia and England at the Melbourne Cricket Ground in March 1877, and Australia won by 45 "
            "runs. By a remarkable coincidence, the Centenary Test held at the same ground in 1977 ended "
            "with exactly the same margin. The Ashes, the long-running series between the two countries, "
            "owes its name to a mock obituary published in 1882 after England lost at home, which "
            "declared that English cricket had died and its body would be cremated. The trophy is a small "
            "terracotta urn said to contain the ashes of a burnt bail. Players traditionally wear white "
            "clothing, and the ball is red, although day-night Tests since 2015 have used a pink ball for "
            "better visibility under floodlights. A match can end in a win, a loss, a draw or, very "
            "rarely, a tie; only two Tests have ever been tied. The highest individual innings in Test "
            "history is 400 not out, scored by Brian Lara of the West Indies against England in 2004. "
            "The International Cricket Council currently recognises twelve Test-playing nations.",
        ],
        "facts": [
            ("For up to how many days can a Test match be scheduled?", "up to five days"),
            ("How many times does each side bat in a Test match?", "twice"),
            ("Between which teams was the first official Test played?", "Australia and England"),
            (
                "Where was the first officially recognised Test played?",
                "the Melbourne Cricket Ground",
            ),
            ("When was the first Test match played?", "March 1877"),
            ("By how many runs did Australia win the first Test?", "45 runs"),
            (
                "What was remarkable about the result of the Centenary Test?",
                "ended with exactly the same margin",
            ),
            ("In what year was the Centenary Test held?", "1977"),
            ("What inspired the name of the Ashes series?", "a mock obituary"),
            ("When was the mock obituary for English cricket published?", "1882"),
            ("What is the Ashes trophy?", "a small terracotta urn"),
            ("What is the Ashes urn said to contain?", "the ashes of a burnt bail"),
            ("What colour clothing do Test players traditionally wear?", "white"),
            ("What colour ball is used in day-night Tests?", "pink"),
            ("Since what year have day-night Tests been played?", "2015"),
            (
                "Why is a differently coloured ball used in day-night Tests?",
                "for better visibility under floodlights",
            ),
            ("How many Test matches have ended in a tie?", "only two"),
            ("What is the highest individual innings in Test history?", "400 not out"),
            ("Who scored the highest individual Test innings?", "Brian Lara"),
            ("Which team did Brian Lara represent?", "the West Indies"),
            ("In what year did Lara make his record score?", "2004"),
            ("How many Test-playing nations are currently recognised?", "twelve"),
            ("Which body recognises Test-playing nations?", "The International Cricket Council"),
            ("What colour is the traditional Test cricket ball?", "red"),
        ],
    },
    {
        "doc_id": "doc-023",
        "title": "Iceland and the Mid-Atlantic Ridge",
        "topic": "geology",
        "chunks": [
            "Iceland is one of the few places where the Mid-Atlantic Ridge rises above sea level, "
            "exposing the boundary between the North American and Eurasian plates. The two plates are "
            "moving apart at about 2 centimetres per year, and the island grows as magma fills the gap. "
            "At Thingvellir National Park visitors can walk through a rift valley between the plates, and "
            "divers swim in the Silfra fissure, where meltwater from the Langjökull glacier has been "
            "filtered through lava rock for decades. Iceland also sits above a mantle hotspot, which "
            "helps explain why it has about 30 active volcanic systems. The 2010 eruption of "
            "Eyjafjallajökull produced an ash cloud that closed much of European airspace for six days, "
            "grounding around 100,000 flights. Geothermal heat is everywhere: about 90 percent of "
            "Icelandic homes are heated with geothermal water, and together with hydropower it supplies "
            "nearly all of the country's electricity. The word geyser comes from Geysir, a hot spring in "
            "the Haukadalur valley, although today its neighbour Strokkur is more reliable, erupting "
            "every few minutes. The young island of Surtsey, formed by an eruption that began in 1963, "
            "has been studied as a natural laboratory for how life colonises new land.",
        ],
        "facts": [
            ("Which ocean ridge rises above sea level in Iceland?", "the Mid-Atlantic Ridge"),
            (
                "Which two tectonic plates meet in Iceland?",
                "the North American and Eurasian plates",
            ),
            ("How fast are the plates under Iceland moving apart?", "about 2 centimetres per year"),
            ("What fills the gap as Iceland's plates separate?", "magma"),
            (
                "In which national park can visitors walk between tectonic plates?",
                "Thingvellir National Park",
            ),
            ("In which fissure do divers swim between the plates?", "the Silfra fissure"),
            ("Which glacier supplies the meltwater in Silfra?", "the Langjökull glacier"),
            ("Through what has Silfra's meltwater been filtered?", "lava rock"),
            ("What lies beneath Iceland in addition to the plate boundary?", "a mantle hotspot"),
            ("How many active volcanic systems does Iceland have?", "about 30"),
            ("Which Icelandic volcano erupted in 2010?", "Eyjafjallajökull"),
            ("For how long did the 2010 ash cloud close European airspace?", "six days"),
            ("How many flights were grounded by the 2010 ash cloud?", "around 100,000 flights"),
            ("What share of Icelandic homes use geothermal heating?", "about 90 percent"),
            ("Alongside geothermal energy, what supplies Iceland's electricity?", "hydropower"),
            ("Which English word derives from the name of an Icelandic hot spring?", "geyser"),
            ("In which valley is the hot spring Geysir located?", "the Haukadalur valley"),
            ("Which hot spring is now more reliable than Geysir?", "Strokkur"),
            ("How often does Strokkur erupt?", "every few minutes"),
            ("Which young island formed in an Icelandic eruption in the 1960s?", "Surtsey"),
            ("When did the eruption that created Surtsey begin?", "1963"),
            ("What has Surtsey been studied as?", "a natural laboratory"),
            ("For how long has Silfra's water been filtering through rock?", "for decades"),
        ],
    },
    {
        "doc_id": "doc-024",
        "title": "The Rice Terraces of the Philippine Cordilleras",
        "topic": "agriculture",
        "chunks": [
            "The Rice Terraces of the Philippine Cordilleras were carved into the mountains of Ifugao "
            "province by hand roughly 2,000 years ago, according to local tradition, although some "
            "archaeologists argue that the oldest terraces date from only the seventeenth century. The "
            "best-known terraces, near the town of Banaue, climb to about 1,500 metres above sea level. "
            "Ifugao farmers built stone and mud walls to hold each paddy and channel water from the "
            "forests above through a network of canals and bamboo pipes. The forests act as a watershed, "
            "so each family traditionally maintains a private woodlot called a muyong. Rice is grown in a "
            "single annual cycle, and the native varieties, such as tinawon, are prized for their "
            "flavour. Planting and harvest are accompanied by rituals, and the harvest chants known as "
            "the hudhud are recognised by UNESCO as a masterpiece of intangible heritage. In 1995 five "
            "terrace clusters were inscribed on the World Heritage List, and from 2001 to 2012 they were "
            "listed as in danger because young people were leaving farming and abandoned walls were "
            "collapsing. Today tourism, irrigation repairs and programmes to market heirloom rice help "
            "sustain the terraces.",
        ],
        "facts": [
            ("What is the private woodlot kept by Ifugao families called?", "a muyong"),
            ("In which province were the Cordillera rice terraces carved?", "Ifugao province"),
            ("What are the Ifugao harvest chants called?", "the hudhud"),
        ],
    },
]

"""Hand-written source passages doc-049 to doc-056 with their extractive QA facts."""

from __future__ import annotations

PASSAGES_E: list[dict] = [
    {
        "doc_id": "doc-049",
        "title": "The First Paper Money",
        "topic": "economics",
        "chunks": [
            "The world's first government-issued paper money appeared in Song dynasty China in the early "
            "eleventh century. Merchants in Sichuan had been using heavy iron coins, and a string of them "
            "worth a modest sum could weigh several kilograms, so private deposit shops began issuing "
            "receipts called jiaozi that could be exchanged for coins. In 1024 the Song government took "
            "over the system and opened an official office in Chengdu to print the notes, using woodblocks "
            "and multiple colours of ink to deter counterfeiters. Notes were valid for a fixed term, "
            "usually three years, after which they had to be exchanged for new ones. Later dynasties "
            "expanded the idea: the Mongol Yuan dynasty under Kublai Khan made paper money the main "
            "currency, and Marco Polo described with astonishment how the emperor's mulberry-bark notes "
            "were accepted throughout the empire. Overprinting, however, repeatedly caused inflation, and "
            "the Ming dynasty largely abandoned paper currency by the middle of the fifteenth century in "
            "favour of silver. Europe's first banknotes were issued much later, by Stockholms Banco in "
            "Sweden in 1661. The Chinese experience remains a textbook example of both the convenience of "
            "paper money and the danger of printing too much of it.",
        ],
        "facts": [
            (
                "Under which dynasty did the first government-issued paper money appear?",
                "Song dynasty",
            ),
            (
                "When did government paper money first appear in China?",
                "the early eleventh century",
            ),
            ("In which province were merchants burdened by heavy coins?", "Sichuan"),
            ("What kind of coins were the Sichuan merchants using?", "heavy iron coins"),
            ("How much could a string of the Sichuan coins weigh?", "several kilograms"),
            ("What were the early private deposit receipts called?", "jiaozi"),
            (
                "Who first issued exchangeable receipts for Sichuan's iron coins?",
                "private deposit shops",
            ),
            ("In what year did the Song government take over the note system?", "1024"),
            ("In which city was the official Song note-printing office opened?", "Chengdu"),
            ("With what were the Song notes printed?", "woodblocks"),
            ("How did Song printers try to deter counterfeiters?", "multiple colours of ink"),
            ("For how long were Song notes usually valid?", "three years"),
            (
                "What had to happen to a Song banknote once its term expired?",
                "exchanged for new ones",
            ),
            ("Which dynasty made paper money its main currency?", "the Mongol Yuan dynasty"),
            ("From what material were the Yuan emperor's notes made?", "mulberry-bark"),
            ("Which European traveller marvelled at the Yuan banknotes?", "Marco Polo"),
            ("What did overprinting of paper money repeatedly cause?", "inflation"),
            ("Which dynasty largely abandoned paper currency?", "the Ming dynasty"),
            (
                "By when had the Ming largely given up paper currency?",
                "by the middle of the fifteenth century",
            ),
            ("What did the Ming favour instead of paper notes?", "silver"),
            ("Which bank issued Europe's first banknotes?", "Stockholms Banco"),
            ("In what year were Europe's first banknotes issued?", "1661"),
            ("In which country was Stockholms Banco based?", "Sweden"),
            ("Under which ruler did the Yuan make paper money the main currency?", "Kublai Khan"),
        ],
    },
    {
        "doc_id": "doc-050",
        "title": "Smallpox and the First Vaccine",
        "topic": "medicine",
        "chunks": [
            "Smallpox killed an estimated 300 million people in the twentieth century alone before it was "
            "eradicated. Long before vaccines, people in China, India and the Ottoman Empire practised "
            "variolation, deliberately infecting healthy people with material from smallpox sores to cause "
            "a milder illness. Lady Mary Wortley Montagu, wife of the British ambassador in "
            "Constantinople, had her son variolated there and promoted the method in England after 1721. "
            "Variolation worked, but about 2 percent of those treated died, and they could spread the "
            "disease.",
            "In May 1796 the English country doctor Edward Jenner tested a folk belief that milkmaids who "
            "caught cowpox were protected from smallpox. He took material from a cowpox sore on the hand "
            "of the milkmaid Sarah Nelmes and inoculated James Phipps, the eight-year-old son of his "
            "gardener; when later exposed to smallpox, the boy did not fall ill. The word vaccine comes "
            "from vacca, Latin for cow. In 1967 the World Health Organization launched an intensified "
            "eradication campaign based on ring vaccination. The last natural case was recorded in "
            "Somalia in October 1977, in a hospital cook named Ali Maow Maalin, and the WHO declared "
            "smallpox eradicated in May 1980. It remains the only human disease to have been wiped out.",
        ],
        "facts": [
            ("How many people did smallpox kill in the twentieth century?", "300 million"),
            (
                "What was the practice of deliberately infecting people with smallpox material called?",
                "variolation",
            ),
            (
                "In which lands was variolation practised before vaccines existed?",
                "China, India and the Ottoman Empire",
            ),
            ("What kind of illness was variolation meant to cause?", "a milder illness"),
            ("Who promoted variolation in England?", "Lady Mary Wortley Montagu"),
            ("Whose wife was Lady Mary Wortley Montagu?", "the British ambassador"),
            ("In which city was Montagu's son variolated?", "Constantinople"),
            ("After what year did Montagu promote the method in England?", "1721"),
            ("What share of variolated people died?", "about 2 percent"),
            ("When did Edward Jenner carry out his famous test?", "May 1796"),
            ("What kind of doctor was Edward Jenner?", "country doctor"),
            (
                "What folk belief did Jenner set out to test?",
                "milkmaids who caught cowpox were protected from smallpox",
            ),
            ("Which milkmaid supplied the cowpox material?", "Sarah Nelmes"),
            ("Which boy did Jenner inoculate?", "James Phipps"),
            ("How old was the boy Jenner inoculated?", "eight-year-old"),
            ("Whose son was James Phipps?", "his gardener"),
            ("What happened when Phipps was later exposed to smallpox?", "did not fall ill"),
            ("From which Latin word does the term vaccine come?", "vacca"),
            ("What does the Latin word vacca mean?", "cow"),
            ("When did the WHO launch its intensified eradication campaign?", "1967"),
            ("What strategy was the eradication campaign based on?", "ring vaccination"),
            ("In which country was the last natural smallpox case recorded?", "Somalia"),
            ("In which month and year did smallpox last infect someone naturally?", "October 1977"),
            ("Who was the last person to catch smallpox naturally?", "Ali Maow Maalin"),
            ("What was Ali Maow Maalin's job?", "a hospital cook"),
            ("When was smallpox declared eradicated?", "May 1980"),
            (
                "What distinction does smallpox hold among human diseases?",
                "the only human disease to have been wiped out",
            ),
            ("On what part of Sarah Nelmes's body was the cowpox sore?", "the hand"),
        ],
    },
    {
        "doc_id": "doc-051",
        "title": "Halley's Comet",
        "topic": "astronomy",
        "chunks": [
            "Halley's Comet is the only short-period comet that is regularly visible to the naked eye from "
            "Earth, returning roughly every 75 to 79 years. It is named after the English astronomer Edmond "
            "Halley, who in 1705 argued that comets seen in 1531, 1607 and 1682 were the same object and "
            "predicted its return in 1758. Halley died in 1742 and did not live to see the prediction "
            "confirmed when the comet reappeared on Christmas Day 1758, spotted by the German farmer and "
            "amateur astronomer Johann Georg Palitzsch. Records of the comet go back at least to 240 BC in "
            "Chinese chronicles, and its 1066 appearance is embroidered on the Bayeux Tapestry, shortly "
            "before the Norman conquest of England. The writer Mark Twain was born in 1835, two weeks "
            "after the comet's perihelion, and predicted that he would go out with it; he died in 1910, "
            "the day after its next perihelion. In 1986 a fleet of spacecraft known as the Halley Armada "
            "visited the comet, and the European probe Giotto flew within about 600 kilometres of its "
            "nucleus, revealing a dark, peanut-shaped body about 15 kilometres long. The comet is the "
            "source of two annual meteor showers, the Eta Aquariids in May and the Orionids in October. "
            "Its next return to the inner solar system is expected in 2061.",
        ],
        "facts": [
            ("How often does Halley's Comet return?", "roughly every 75 to 79 years"),
            (
                "What sets Halley's Comet apart from other short-period comets?",
                "regularly visible to the naked eye",
            ),
            ("After which astronomer is Halley's Comet named?", "Edmond Halley"),
            ("In what year did Halley argue that several comets were one object?", "1705"),
            ("Which earlier comet sightings did Halley link together?", "1531, 1607 and 1682"),
            ("When did Edmond Halley die?", "1742"),
            ("On what day did Halley's Comet reappear as predicted?", "Christmas Day"),
            ("Who spotted the predicted 1758 return of Halley's Comet?", "Johann Georg Palitzsch"),
            ("What was Palitzsch's occupation?", "farmer and amateur astronomer"),
            ("How far back do Chinese records of the comet go?", "240 BC"),
            ("Which embroidered artwork shows the comet's 1066 appearance?", "the Bayeux Tapestry"),
            (
                "Which conquest followed the comet's appearance in 1066?",
                "the Norman conquest of England",
            ),
            ("Which writer predicted he would go out with Halley's Comet?", "Mark Twain"),
            ("In what year was Mark Twain born?", "1835"),
            ("When did Mark Twain die?", "1910"),
            (
                "What was the fleet of spacecraft that visited the comet in 1986 called?",
                "the Halley Armada",
            ),
            ("Which European probe flew close to the comet's nucleus?", "Giotto"),
            ("How close did Giotto come to the nucleus?", "about 600 kilometres"),
            ("What shape is the nucleus of Halley's Comet?", "peanut-shaped"),
            (
                "How long is the peanut-shaped body at the heart of Halley's Comet?",
                "about 15 kilometres",
            ),
            ("Which meteor shower from Halley's debris occurs in May?", "the Eta Aquariids"),
            ("In which month do the Orionids occur?", "October"),
            ("When is Halley's Comet next expected to return to the inner solar system?", "2061"),
            ("What nationality was Palitzsch?", "German"),
            ("How long after the comet's perihelion was Twain born?", "two weeks"),
        ],
    },
    {
        "doc_id": "doc-052",
        "title": "The Python Programming Language",
        "topic": "software",
        "chunks": [
            "Python is a general-purpose programming language created by the Dutch programmer Guido van "
            "Rossum, who began working on it over the Christmas holidays of 1989 at the Centrum Wiskunde & "
            "Informatica in Amsterdam. The first public release, version 0.9.0, was posted to the Usenet "
            "group alt.sources in February 1991. The name comes not from the snake but from the British "
            "comedy series Monty Python's Flying Circus. Python is known for using indentation rather than "
            "braces to mark blocks of code, and its design philosophy is summed up in The Zen of Python, a "
            "list of 19 aphorisms by Tim Peters that includes the line 'Readability counts.' Python 2.0, "
            "released in 2000, added list comprehensions and a garbage collector for reference cycles. "
            "Python 3.0 arrived in December 2008 and deliberately broke backward compatibility to fix "
            "design flaws, such as turning print into a function, which led to a transition that lasted "
            "more than a decade; Python 2 reached its end of life on 1 January 2020. Van Rossum held the "
            "title Benevolent Dictator For Life until he stepped down in July 2018, and the language is "
            "now governed by a five-person steering council. The official package index, PyPI, hosts "
            "hundreds of thousands of projects.",
        ],
        "facts": [
            ("Who created the Python programming language?", "Guido van Rossum"),
            ("What nationality is Guido van Rossum?", "Dutch"),
            ("When did van Rossum begin working on Python?", "the Christmas holidays of 1989"),
            (
                "At which research institute did Python's development begin?",
                "the Centrum Wiskunde & Informatica",
            ),
            ("In which city did Python's development begin?", "Amsterdam"),
            ("What version number did Python's first public release carry?", "0.9.0"),
            ("To which Usenet group was the first Python release posted?", "alt.sources"),
            ("When was Python first publicly released?", "February 1991"),
            ("Which comedy series inspired Python's name?", "Monty Python's Flying Circus"),
            ("What does Python use instead of braces to mark code blocks?", "indentation"),
            ("What is the collection of Python's design aphorisms called?", "The Zen of Python"),
            ("How many aphorisms make up Python's design philosophy?", "19 aphorisms"),
            ("Who wrote the Zen of Python?", "Tim Peters"),
            (
                "Which line about code clarity is quoted from the Zen of Python?",
                "Readability counts.",
            ),
            ("In what year was Python 2.0 released?", "2000"),
            ("Which syntax feature did Python 2.0 add?", "list comprehensions"),
            ("What did the garbage collector added in Python 2.0 handle?", "reference cycles"),
            ("When did Python 3.0 arrive?", "December 2008"),
            ("What did Python 3.0 deliberately break?", "backward compatibility"),
            ("What did Python 3 turn print into?", "a function"),
            ("How long did the move from Python 2 to Python 3 last?", "more than a decade"),
            ("When did Python 2 reach its end of life?", "1 January 2020"),
            (
                "What title did van Rossum hold in the Python community?",
                "Benevolent Dictator For Life",
            ),
            ("When did van Rossum step down from leading Python?", "July 2018"),
            ("What body now governs the Python language?", "a five-person steering council"),
            ("What is Python's official package index called?", "PyPI"),
            ("Is Python named after the snake?", "not from the snake"),
        ],
    },
    {
        "doc_id": "doc-053",
        "title": "The Nile",
        "topic": "geography",
        "chunks": [
            "The Nile is generally regarded as the longest river in the world, flowing about 6,650 "
            "kilometres north to the Mediterranean Sea, although some measurements suggest the Amazon is "
            "longer. It has two main tributaries. The White Nile rises in the Great Lakes region of central "
            "Africa, with its most distant source usually traced to Rwanda or Burundi, and flows out of "
            "Lake Victoria. The Blue Nile begins at Lake Tana in Ethiopia and supplies most of the water "
            "and fertile silt during the summer flood. The two branches meet at Khartoum, the capital of "
            "Sudan. For thousands of years the annual flood deposited black soil along the banks, and "
            "ancient Egyptians called their land Kemet, the black land, while the surrounding desert was "
            "the red land. They measured the height of the flood with nilometers to predict harvests and "
            "set taxes. The Aswan High Dam, completed in 1970, ended the flood and created Lake Nasser, one "
            "of the largest reservoirs in the world; the temples of Abu Simbel had to be cut into blocks "
            "and moved to higher ground to escape the rising water. Today the Grand Ethiopian Renaissance "
            "Dam on the Blue Nile, the largest hydroelectric project in Africa, is a source of tension "
            "between Ethiopia, Sudan and Egypt.",
        ],
        "facts": [
            ("How long is the Nile?", "about 6,650 kilometres"),
            ("Into which sea does the Nile flow?", "the Mediterranean Sea"),
            ("Which river may be longer than the Nile by some measurements?", "the Amazon"),
            ("How many main tributaries does the Nile have?", "two main tributaries"),
            (
                "In which region does the White Nile rise?",
                "the Great Lakes region of central Africa",
            ),
            (
                "To which countries is the White Nile's most distant source traced?",
                "Rwanda or Burundi",
            ),
            ("Out of which lake does the White Nile flow?", "Lake Victoria"),
            ("At which lake does the Blue Nile begin?", "Lake Tana"),
            (
                "What does the Blue Nile supply during the summer flood?",
                "most of the water and fertile silt",
            ),
            ("At which city do the White and Blue Nile meet?", "Khartoum"),
            ("Of which country is Khartoum the capital?", "Sudan"),
            ("What did ancient Egyptians call their land?", "Kemet"),
            ("What does the name Kemet mean?", "the black land"),
            ("What did Egyptians call the surrounding desert?", "the red land"),
            ("What did the Nile's annual flood deposit along the riverbanks?", "black soil"),
            ("What instruments measured the height of the Nile flood?", "nilometers"),
            (
                "Why did Egyptians measure the height of the flood?",
                "to predict harvests and set taxes",
            ),
            ("When was the Aswan High Dam completed?", "1970"),
            ("Which reservoir did the Aswan High Dam create?", "Lake Nasser"),
            (
                "Which temples had to be moved to escape the rising water?",
                "the temples of Abu Simbel",
            ),
            ("How were the threatened Abu Simbel temples moved?", "cut into blocks"),
            (
                "Which dam on the Blue Nile is Africa's largest hydroelectric project?",
                "the Grand Ethiopian Renaissance Dam",
            ),
            (
                "Between which countries has the Ethiopian dam caused tension?",
                "Ethiopia, Sudan and Egypt",
            ),
        ],
    },
    {
        "doc_id": "doc-054",
        "title": "Deep Blue versus Kasparov",
        "topic": "games",
        "chunks": [
            "In May 1997 the IBM supercomputer Deep Blue defeated the reigning world chess champion Garry "
            "Kasparov in a six-game match held in New York, winning by 3.5 points to 2.5. It was the first "
            "time a computer had beaten a world champion in a match under standard tournament time "
            "controls. The two had met a year earlier in Philadelphia, where Kasparov won 4 to 2, although "
            "Deep Blue took the first game, becoming the first machine to win a single game against a "
            "reigning champion at classical time controls. For the rematch, the IBM team led by "
            "Feng-hsiung Hsu upgraded the machine, which could evaluate about 200 million positions per "
            "second using 480 custom chess chips. The turning point came in game two, when Deep Blue "
            "played a quiet positional move that Kasparov felt no computer would choose; he later accused "
            "IBM of human intervention, a charge the company denied. The decisive sixth game lasted only "
            "19 moves after Kasparov made an early error in the Caro-Kann Defence. IBM declined a third "
            "match and dismantled the machine; one of its two racks is now at the Computer History Museum "
            "in California. The victory became a landmark in the history of artificial intelligence, "
            "although Deep Blue relied on brute-force search rather than learning.",
        ],
        "facts": [
            ("When did Deep Blue defeat Garry Kasparov?", "May 1997"),
            ("Which company built the Deep Blue supercomputer?", "IBM"),
            ("In which city was the 1997 chess match held?", "New York"),
            ("What was the final score of the 1997 match?", "3.5 points to 2.5"),
            ("How long was the 1997 match?", "six-game"),
            ("In which city did Kasparov and Deep Blue first meet?", "Philadelphia"),
            ("By what score did Kasparov win their first match?", "4 to 2"),
            ("Which game of the 1996 encounter did the machine win?", "the first game"),
            ("Who led the IBM team behind Deep Blue?", "Feng-hsiung Hsu"),
            ("How many positions per second could Deep Blue evaluate?", "about 200 million"),
            ("How many custom chess chips did Deep Blue use?", "480"),
            ("Which game was the turning point of the 1997 rematch?", "game two"),
            (
                "What kind of move did Deep Blue make at the turning point?",
                "a quiet positional move",
            ),
            ("What did Kasparov accuse IBM of?", "human intervention"),
            ("How did IBM respond to Kasparov's charge?", "denied"),
            (
                "How many moves did the decisive sixth game of the 1997 Deep Blue match last?",
                "only 19 moves",
            ),
            ("Which opening did Kasparov play in the final game?", "the Caro-Kann Defence"),
            ("What did IBM do with Deep Blue after the match?", "dismantled the machine"),
            ("Where is one of Deep Blue's racks displayed?", "the Computer History Museum"),
            ("In which US state is the museum holding a Deep Blue rack?", "California"),
            ("What method did Deep Blue rely on rather than learning?", "brute-force search"),
            ("In which field was the 1997 victory a landmark?", "artificial intelligence"),
            ("What did IBM decline to hold after winning?", "a third match"),
            ("How many racks made up Deep Blue?", "two racks"),
        ],
    },
    {
        "doc_id": "doc-055",
        "title": "The Monarch Butterfly Migration",
        "topic": "biology",
        "chunks": [
            "Each autumn, millions of monarch butterflies in eastern North America fly as far as 4,000 "
            "kilometres to spend the winter in the oyamel fir forests of central Mexico. The overwintering "
            "sites, in the mountains of Michoacán and the State of Mexico at about 3,000 metres, were not "
            "located by scientists until 1975, when Kenneth Brugger and Catalina Aguado found them after a "
            "search organised by the Canadian zoologist Fred Urquhart. There the butterflies cluster so "
            "densely on the trees that branches sometimes break under their weight. The migrating "
            "generation, sometimes called the super generation, lives up to eight months, whereas summer "
            "monarchs live only two to six weeks. No single butterfly makes the full round trip: the return "
            "north in spring takes three to four generations. Monarchs navigate using a time-compensated "
            "sun compass in their antennae and brain, and may also sense the Earth's magnetic field. Their "
            "caterpillars feed only on milkweed, whose toxins make both larvae and adults poisonous to many "
            "predators; the bright orange wings advertise this. Loss of milkweed to herbicides and of "
            "forest to logging has shrunk the overwintering population, which covered about 18 hectares in "
            "1996 but under 1 hectare in some recent winters. The Monarch Butterfly Biosphere Reserve was "
            "declared a UNESCO World Heritage Site in 2008.",
        ],
        "facts": [
            (
                "Where do eastern monarch butterflies spend the winter?",
                "the oyamel fir forests of central Mexico",
            ),
            ("How far do migrating monarchs fly?", "as far as 4,000 kilometres"),
            ("Besides the State of Mexico, in which state are the wintering sites?", "Michoacán"),
            ("At what altitude are the monarch wintering sites?", "about 3,000 metres"),
            ("When did scientists locate the monarch overwintering sites?", "1975"),
            ("Who found the wintering sites together with Catalina Aguado?", "Kenneth Brugger"),
            (
                "Which Canadian zoologist organised the search for the wintering grounds?",
                "Fred Urquhart",
            ),
            (
                "What sometimes happens to branches where monarchs cluster?",
                "break under their weight",
            ),
            ("What is the long-lived migrating monarch generation called?", "the super generation"),
            ("How long can a migrating monarch live?", "up to eight months"),
            ("How long do summer monarchs live?", "only two to six weeks"),
            (
                "How many generations does the spring return north take?",
                "three to four generations",
            ),
            ("What navigational tool do monarchs use?", "a time-compensated sun compass"),
            ("Where is the monarch's sun compass located?", "in their antennae and brain"),
            ("Which planetary field may monarchs also sense?", "the Earth's magnetic field"),
            ("On which plant do monarch caterpillars exclusively feed?", "milkweed"),
            ("What has destroyed much of the milkweed monarchs depend on?", "herbicides"),
            ("What has reduced the forests at the wintering sites?", "logging"),
            ("How much area did the wintering population cover in 1996?", "about 18 hectares"),
            ("How small has the wintering colony been in some recent winters?", "under 1 hectare"),
            ("When was the monarch reserve declared a World Heritage Site?", "2008"),
            (
                "Which reserve protects the monarch wintering grounds?",
                "The Monarch Butterfly Biosphere Reserve",
            ),
            ("Does any single monarch make the full round trip?", "No single butterfly"),
            ("What colour are the wings that warn predators away?", "bright orange"),
        ],
    },
    {
        "doc_id": "doc-056",
        "title": "The Brooklyn Bridge",
        "topic": "engineering",
        "chunks": [
            "The Brooklyn Bridge, which crosses the East River between Manhattan and Brooklyn, was the "
            "longest suspension bridge in the world when it opened on 24 May 1883, with a main span of 486 "
            "metres. It was designed by the German-born engineer John Augustus Roebling, who pioneered the "
            "use of steel wire in suspension cables. In 1869, before construction began, Roebling's foot "
            "was crushed by a ferry while he surveyed the site, and he died of tetanus a few weeks later. "
            "His son Washington Roebling took over as chief engineer.",
            "The bridge's granite towers rest on caissons, huge timber boxes sunk into the riverbed in which "
            "workers dug out mud under compressed air. Many suffered from decompression sickness, then "
            "called caisson disease, and Washington Roebling himself was left partly paralysed in 1872. "
            "Confined to his apartment, he directed the work by watching through a telescope while his "
            "wife Emily Warren Roebling carried his instructions to the site and taught herself higher "
            "mathematics and bridge engineering. She was the first person to cross the finished bridge, "
            "riding in a carriage with a rooster as a symbol of victory. Six days after the opening, a "
            "rumour that the bridge was collapsing caused a stampede that killed 12 people. The following "
            "year the showman P. T. Barnum led 21 elephants across to prove it was safe.",
        ],
        "facts": [
            ("Which river does the Brooklyn Bridge cross?", "the East River"),
            ("Which two boroughs does the Brooklyn Bridge connect?", "Manhattan and Brooklyn"),
            ("On what date did the Brooklyn Bridge open?", "24 May 1883"),
            ("How long is the main span of the Brooklyn Bridge?", "486 metres"),
            (
                "What record did the Brooklyn Bridge hold when it opened?",
                "the longest suspension bridge in the world",
            ),
            ("Who designed the Brooklyn Bridge?", "John Augustus Roebling"),
            (
                "What did John Roebling pioneer in bridge building?",
                "the use of steel wire in suspension cables",
            ),
            ("In what year was John Roebling's foot crushed?", "1869"),
            ("What crushed John Roebling's foot while he surveyed the site?", "a ferry"),
            ("What did John Roebling die of?", "tetanus"),
            (
                "Who took over as chief engineer after John Roebling's death?",
                "Washington Roebling",
                0,
            ),
            ("Of what stone are the Brooklyn Bridge's towers built?", "granite"),
            ("On what do the Brooklyn Bridge towers rest?", "caissons"),
            ("What were the Brooklyn Bridge caissons?", "huge timber boxes"),
            (
                "Under what conditions did the Brooklyn Bridge caisson workers dig?",
                "under compressed air",
            ),
            ("What was decompression sickness called at the time?", "caisson disease"),
            ("In what year was Washington Roebling left partly paralysed?", "1872"),
            (
                "How did Washington Roebling watch the construction while paralysed?",
                "through a telescope",
            ),
            (
                "Who carried Washington Roebling's instructions to the site?",
                "Emily Warren Roebling",
            ),
            (
                "Which subjects did Emily Roebling teach herself?",
                "higher mathematics and bridge engineering",
            ),
            ("What animal rode with Emily Roebling on the first crossing?", "a rooster"),
            ("What did the rooster on the Brooklyn Bridge's first crossing symbolise?", "victory"),
            ("How many people died in the stampede on the Brooklyn Bridge?", "12 people"),
            (
                "What caused the deadly stampede on the Brooklyn Bridge?",
                "a rumour that the bridge was collapsing",
            ),
            ("How long after the Brooklyn Bridge opened did the stampede occur?", "Six days"),
            ("Which showman led elephants across the Brooklyn Bridge?", "P. T. Barnum"),
            ("How many elephants crossed the bridge in Barnum's demonstration?", "21 elephants"),
            ("Why did Barnum lead elephants across?", "to prove it was safe"),
            ("Where was Washington Roebling confined while directing the work?", "his apartment"),
            ("What was John Roebling's origin?", "German-born"),
        ],
    },
]

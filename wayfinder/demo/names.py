"""Word lists for the synthetic demo county. Every person and place built from these is made up; the
lists are plain data so the county is the same for the same seed whatever libraries are installed."""


def _words(text: str) -> list[str]:
    return text.split()


BOYS = _words(
    "Oliver Jack Harry George Noah Charlie Jacob Alfie Freddie Oscar Leo Archie Thomas Joshua James William "
    "Henry Ethan Samuel Joseph Max Logan Lucas Daniel Isaac Riley Mason Theo Arthur Finley Harrison Edward "
    "Tyler Dylan Alexander Lewis Callum Reuben Toby Kai Liam Nathan Ryan Connor Bradley Kieran Jordan Luke "
    "Adam Ben Matthew Owen Rhys Jamie Elliot Louis Zachary Jayden Brandon Aaron Declan Hayden Caleb Harvey "
    "Jenson Ronnie Albie Teddy Frankie Stanley Tommy Rory Seth Jude Hugo Ralph Ellis Finn Michael David "
    "Christopher Scott Jake Joe Ashton Morgan Cameron Benjamin Dominic Tristan"
)

GIRLS = _words(
    "Olivia Amelia Isla Ava Emily Sophia Grace Mia Poppy Ella Lily Evie Isabella Sophie Ivy Freya Harper "
    "Willow Charlotte Jessica Daisy Florence Rosie Phoebe Matilda Ruby Millie Chloe Holly Megan Lucy Hannah "
    "Ellie Lauren Amy Katie Bethany Abigail Erin Leah Niamh Imogen Scarlett Eva Maisie Esme Layla Zara Elsie "
    "Alice Lola Summer Isabelle Georgia Paige Molly Hollie Keira Courtney Jade Rebecca Emma Laura Sarah "
    "Eleanor Harriet Libby Darcie Francesca Thea Aria Violet Maya Ellie-May Rebekah"
)

SURNAMES = _words(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White "
    "Roberts Green Hall Wood Jackson Clarke Harrison Turner Hill Cooper Ward Morris Moore King Watson Baker "
    "Allen Marshall Bailey Holmes Parker Bradley Booth Gregory Hardy Slater Hollingworth Bagshaw Bown "
    "Hallam Gratton Mellor Frost Birch Fletcher Shaw Kirk Barker Hodgkinson Swindell Wragg Bunting "
    "Brailsford Needham Cresswell Cotterill Sheldon Hibbert Goodwin Pearson Webster Stevenson Allsop "
    "Hancock Knowles Lomas Mather Oldfield Pidcock Radford Towndrow Unwin Wheeldon Bestwick Chadwick Dakin "
    "Eyre Froggatt Hadfield Ibbotson Jepson Kenworthy Limb Morton Naylor Outram Pickering Riley Saxton "
    "Tomlinson Woodward Yates Ashmore Cartledge Dawson Elliott Fox Gould Heath Jowett Kay Lee Mills Nuttall "
    "Orme Poxon Rowbotham Storer Thorpe Upton Vickers Walton Young Hughes Edwards Lewis Mitchell Carter "
    "Phillips Bennett Cook Lees Harris Martin Clark James Morgan Kelly Murphy O'Brien Scott Stewart Murray "
    "Reid Ross Graham Hunt Ellis Gibson Kennedy Matthews Mason Lloyd Price Palmer Barnes Knight Newton "
    "Spencer Webb Simpson Dixon Harvey Russell Chapman Burton Bates Staley Wardle Hopkinson Marriott "
    "Sharpe Greaves Brough Hartshorn Mosley Bramley Wild Ridgway"
)

# Families of other heritages (names chosen to go with the ethnicity code).
EAST_EUROPEAN = {
    "boys": _words("Jakub Kacper Szymon Filip Mateusz Antoni Andrei Luca Matas Domantas Oskar Tymon"),
    "girls": _words("Zuzanna Julia Maja Lena Hanna Oliwia Alexandra Ioana Emilija Gabija Natalia Amelia"),
    "surnames": _words("Nowak Wójcik Mazur Krawczyk Popescu Ionescu Radu Horváth Novák Kovács Kaczmarek Dąbrowski"),
    "languages": (("Polish", 55), ("Romanian", 25), ("Lithuanian", 10), ("Slovak", 10)),
}
SOUTH_ASIAN_BOYS = _words("Mohammed Muhammad Ibrahim Yusuf Ayaan Zain Arjun Rohan Aarav Hamza Ali Rayyan Kabir Dev")
SOUTH_ASIAN_GIRLS = _words("Aisha Maryam Fatima Zara Amira Inaya Priya Anaya Simran Hafsa Safa Noor Jasleen Riya")
SURNAMES_BY_ETHNICITY = {
    "APKN": _words("Khan Hussain Ahmed Akhtar Iqbal Mahmood Shah Ali Rashid Javed"),
    "AIND": _words("Patel Singh Sharma Gill Sandhu Mistry Kaur Bains Dhillon Chauhan"),
    "ABAN": _words("Begum Miah Rahman Uddin Islam Hoque Ahmed Chowdhury"),
    "AOTH": _words("Perera Fernando Gurung Rai Thapa Silva"),
    "CHNE": _words("Chen Wang Li Zhang Liu Wong Chan Lam"),
    "BAFR": _words("Okafor Mensah Adeyemi Okoro Abdi Mohamed Osei Nwosu Banda"),
    "BCRB": _words("Campbell Francis Thomas Grant Samuels Henry"),
}
HOME_LANGUAGES = {
    "APKN": (("English", 45), ("Urdu", 35), ("Punjabi", 20)),
    "AIND": (("English", 50), ("Punjabi", 30), ("Gujarati", 20)),
    "ABAN": (("English", 40), ("Bengali", 60)),
    "AOTH": (("English", 50), ("Nepali", 30), ("Tamil", 20)),
    "CHNE": (("English", 50), ("Cantonese", 25), ("Mandarin", 25)),
    "BAFR": (("English", 60), ("Somali", 15), ("Arabic", 15), ("Tigrinya", 10)),
    "WROM": (("English", 40), ("Romany", 20), ("Romanian", 25), ("Slovak", 15)),
}

MOTHERS = _words(
    "Sarah Emma Laura Claire Rebecca Lisa Nicola Kelly Gemma Michelle Joanne Rachel Stacey Jennifer Victoria "
    "Amy Hayley Natalie Kirsty Leanne Donna Samantha Helen Louise Zoe Charlotte Danielle Kerry Jodie Katie"
)
FATHERS = _words(
    "David Paul Mark Andrew Richard Daniel Christopher James Michael Lee Craig Darren Jason Stephen Matthew "
    "Wayne Carl Dean Gary Neil Simon Robert Scott Ryan Thomas Adam Shaun Martin Ian Kevin"
)
GRANDMOTHERS = _words("Susan Julie Karen Linda Christine Margaret Janet Patricia Carol Jean")
GRANDFATHERS = _words("John Peter Alan Keith Brian Graham Trevor Barry Roy Derek")

PREFERRED = {
    "Alexander": "Alex", "Thomas": "Tom", "Samuel": "Sam", "William": "Will", "Joshua": "Josh",
    "Matthew": "Matt", "Christopher": "Chris", "Daniel": "Danny", "Benjamin": "Ben", "Jessica": "Jess",
    "Rebecca": "Becky", "Abigail": "Abi", "Isabella": "Bella", "Francesca": "Frankie", "Charlotte": "Lottie",
    "Olivia": "Liv", "Eleanor": "Ellie", "Frederick": "Fred", "Oliver": "Ollie", "Zachary": "Zac",
}

STREETS = (
    "Church Street", "Station Road", "High Street", "Park Road", "Mill Lane", "Chapel Street", "Market Street",
    "Victoria Road", "Queen Street", "King Street", "The Green", "School Lane", "Chesterfield Road",
    "Derby Road", "Nottingham Road", "Matlock Road", "Manor Road", "Hill Top", "Meadow Close", "Brookside",
    "Orchard Way", "Moorland View", "Peak View Road", "Ashbourne Road", "Beech Avenue", "Oak Tree Close",
    "Sycamore Road", "Windmill Lane", "Hallfield Road", "Spring Gardens", "Sheffield Road", "Alfreton Road",
    "Bridge Street", "Cross Street", "Elm Grove", "Cavendish Road", "Devonshire Drive", "Heath Road",
    "Quarry Lane", "Wharf Road", "Canal Side", "Coronation Street", "Jubilee Close", "Miners Way",
)

SCHOOL_WORDS = (
    "Hillside", "Park", "Brookfield", "Meadows", "Moorside", "Hollybrook", "Fernhill", "Oakwood", "Westfield",
    "Northfield", "Southfields", "Parkside", "Riverside", "Springfield", "Highfield", "Kingsmead", "Redhill",
    "Holmefield", "Long Lane", "Heritage", "Woodlands", "Valley", "Greenhill", "Mill Hill", "Beechwood",
    "Elm Tree", "Croft", "Dale", "Cherry Tree", "Willow Brook", "Rowan", "Lime Grove", "Edge", "Moor", "Nether",
    "Fairfield", "Ashfield", "Brook", "Castle", "Chapel", "Church", "Grange", "Hall", "Lea", "Mount", "Priory",
    "St Mary's", "St John's", "St Joseph's", "St Anne's", "Holy Trinity", "All Saints'", "St Peter's",
)
PRIMARY_KINDS = (
    # name ending, lowest age, highest age, weight
    ("Primary School", 4, 11, 50),
    ("Community Primary School", 4, 11, 8),
    ("C of E Primary School", 4, 11, 10),
    ("Primary Academy", 4, 11, 12),
    ("Infant School", 4, 7, 10),
    ("Junior School", 7, 11, 10),
)
SECONDARY_KINDS = (
    ("Academy", 11, 18, 35),
    ("School", 11, 16, 20),
    ("Community School", 11, 16, 15),
    ("High School", 11, 18, 20),
    ("Catholic Voluntary Academy", 11, 18, 10),
)
SPECIAL_NAMES = (
    "Peak View", "Dove Valley", "Derwent Meadows", "Amber Fields", "Millstone Edge", "Kinder View", "Trent Vale",
    "Rother Valley", "Hipper Brook", "Wye Dale", "Goyt Bank", "Ecclesbourne", "Bentley Brook", "Hollins Wood",
    "Ladybower", "Mam Tor", "Stanage", "Curbar Edge", "Carsington", "Ogston", "Linacre", "Elvaston",
    "Calke Park", "Shipley Park", "Cromford Meadows", "Lathkill", "Monsal", "Axe Edge", "Froggatt Edge",
    "Black Rocks", "Matlock Moor", "Tideswell Dale",
)
SPECIAL_KINDS = ("School", "School", "Academy", "Community School")
EARLY_YEARS_NAMES = (
    "Little Acorns", "Busy Bees", "Rainbow", "Tiny Steps", "Sunflowers", "Teddy Bears", "Ladybirds", "Buttercups",
    "Hedgehogs", "Treetops", "Bluebells", "Honeypot", "Jack in the Box", "Noah's Ark", "Puddle Ducks", "Robins",
    "Little Explorers", "Daisy Chain", "Squirrels", "Owlets", "Caterpillars", "Bumblebees", "Stepping Stones",
    "Kingfishers", "Toadstools", "Little Learners",
)
EARLY_YEARS_KINDS = ("Day Nursery", "Pre-School", "Playgroup", "Nursery", "Childcare")

<?php
// Installs osTicket into an empty database with osTicket's own installer class, as the web
// installer's last step does (setup/install.php, case 'install'), with the install form's values.
//
//   php install.php OSTICKET_ROOT DB_SOCKET DB_NAME DB_USER DB_PASS
//
// Run once on a fresh unpacked tree; it writes include/ost-config.php there.
[$_, $root, $socket, $dbname, $dbuser, $dbpass] = $argv;

// setup.inc.php builds the help desk URL from the request; the CLI has none.
$_SERVER['HTTP_HOST'] = 'localhost';
$_SERVER['PHP_SELF'] = '/setup/install.php';
$_SERVER['SCRIPT_NAME'] = '/setup/install.php';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
chdir("$root/setup");
require "$root/setup/setup.inc.php";
require_once INC_DIR . 'class.installer.php';

// The web installer asks the admin to copy the sample config into place first.
$config = "$root/include/ost-config.php";
copy("$root/include/ost-sampleconfig.php", $config);

$installer = new Installer($config);
$ok = $installer->install([
    'name'        => 'Sample Bank Help Desk',
    'email'       => 'support@bank.example',
    'fname'       => 'Desk',
    'lname'       => 'Admin',
    'admin_email' => 'admin@bank.example',
    'username'    => 'deskadmin',
    'passwd'      => 'Check-0sTicket!',
    'passwd2'     => 'Check-0sTicket!',
    'prefix'      => 'ost_',
    'dbhost'      => "localhost:$socket",
    'dbname'      => $dbname,
    'dbuser'      => $dbuser,
    'dbpass'      => $dbpass,
    'lang_id'     => 'en_US',
    'timezone'    => 'America/New_York',
]);
if (!$ok) {
    fwrite(STDERR, "osTicket installer failed:\n" . print_r($installer->getErrors(), true));
    exit(1);
}
echo "osTicket " . THIS_VERSION . " installed\n";

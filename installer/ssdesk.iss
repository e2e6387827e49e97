; Inno Setup script of the Windows installer. build_installer.py runs it after PyInstaller:
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\ssdesk /DOutputDir=dist [/DIconFile=resources\icons\ssdesk.ico] ssdesk.iss
; Installs for the current user by default (no admin rights needed in most offices), or for all users when asked.
; The user's case files live in the user data folder and are never touched by install, upgrade or uninstall.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\ssdesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\dist"
#endif

[Setup]
; never change AppId: upgrades find the previous installation by it
AppId={{6B0C2F1E-5D3A-4C8B-9E21-55D3E5B1A001}
AppName=ssdesk
AppVersion={#AppVersion}
AppVerName=ssdesk {#AppVersion}
AppPublisher=ssdesk
DefaultDirName={autopf}\ssdesk
DefaultGroupName=ssdesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=ssdesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\ssdesk-gui.exe
ChangesAssociations=yes
#ifdef IconFile
SetupIconFile={#IconFile}
#endif

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
; Inno Setup ships no Vietnamese catalogue in its default set; add "compiler:Languages\Vietnamese.isl" when installed

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "association"; Description: "Open .ssdesk case files with ssdesk"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade replaces the whole bundle: no stale module or Qt plugin of an older version is left behind
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\ssdesk"; Filename: "{app}\ssdesk-gui.exe"
Name: "{autodesktop}\ssdesk"; Filename: "{app}\ssdesk-gui.exe"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "Software\Classes\.ssdesk"; ValueType: string; ValueName: ""; ValueData: "ssdesk.casefile"; Flags: uninsdeletevalue; Tasks: association
Root: HKA; Subkey: "Software\Classes\ssdesk.casefile"; ValueType: string; ValueName: ""; ValueData: "ssdesk case file"; Flags: uninsdeletekey; Tasks: association
Root: HKA; Subkey: "Software\Classes\ssdesk.casefile\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\ssdesk-gui.exe,0"; Tasks: association
Root: HKA; Subkey: "Software\Classes\ssdesk.casefile\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\ssdesk-gui.exe"" ""%1"""; Tasks: association

[Run]
Filename: "{app}\ssdesk-gui.exe"; Description: "{cm:LaunchProgram,ssdesk}"; Flags: nowait postinstall skipifsilent

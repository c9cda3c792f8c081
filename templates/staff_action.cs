<?cs def:content() ?>
<section class="card narrow">
  <p><a href="/staff/<?cs var:Staff.Id ?>">Back to <?cs var:Staff.Name ?></a></p>
  <h1><?cs var:Action.Title ?></h1>
  <p><strong><?cs var:Staff.Name ?></strong> (<?cs var:Staff.Email ?>)</p>
  <p id="action-text"><?cs var:Action.Text ?></p>
<?cs if:Action.Error ?>
  <p class="error" role="alert" id="action-error"><?cs var:Action.Error ?></p>
<?cs /if ?>
<?cs if:!Action.Blocked ?>
  <form method="post" action="/staff/<?cs var:Staff.Id ?>/<?cs var:Action.Path ?>" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
<?cs if:Action.Password ?>
    <label for="password">Temporary password <span class="hint">(at least 12 characters)</span></label>
    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="12"<?cs if:Errors.password ?> aria-invalid="true" aria-describedby="password-error"<?cs /if ?>>
<?cs if:Errors.password ?>
    <p class="field-error" id="password-error"><?cs var:Errors.password ?></p>
<?cs /if ?>
<?cs /if ?>
<?cs include:"approval.cs" ?>
    <button type="submit" aria-describedby="action-text<?cs if:Action.Error ?> action-error<?cs /if ?>"><?cs var:Action.Button ?></button>
  </form>
<?cs /if ?>
</section>
<?cs /def ?>
